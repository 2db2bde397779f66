package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import meshchat.syncml.protocol.RandomCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every note format promises: text in, same text out; lookup by type and version. */
class NoteFormatTest {
    static Stream<NoteFormat> formats() {
        return NoteFormat.ALL.stream();
    }

    static Stream<NoteFormat> structured() {
        return NoteFormat.ALL.stream().filter(f -> !(f instanceof PlainNote));
    }

    private static String roundTrip(NoteFormat f, String text, Long epoch) throws MalformedNoteException {
        Note back = f.decode(f.encode(Note.of(text, epoch, "guid-1")));
        return back.text();
    }

    @Test
    void everyFormatIsFoundByTypeCaseInsensitivelyAndByItsVersions() {
        assertEquals(5, NoteFormat.ALL.size());
        for (NoteFormat f : NoteFormat.ALL) {
            assertSame(f, NoteFormat.of(f.contentType().toUpperCase()).orElseThrow());
            assertSame(f, NoteFormat.of(" " + f.contentType() + "; charset=UTF-8").orElseThrow());
            for (String v : f.versions()) {
                assertSame(f, NoteFormat.of(f.contentType(), v).orElseThrow());
            }
            assertSame(f, NoteFormat.of(f.contentType(), null).orElseThrow(), "no version: any");
            assertFalse(NoteFormat.of(f.contentType(), "9.9").isPresent(), "a version we do not speak");
            assertEquals(f.versions().get(0), f.version());
        }
        assertEquals(List.of("text/plain", "text/x-vnote", "text/calendar", "text/x-vcalendar", "text/x-s4j-sifn"),
                NoteFormat.ALL.stream().map(NoteFormat::contentType).toList());
        assertSame(NoteFormat.ALL.get(3), NoteFormat.of("TEXT/X-VCALENDAR", "1.0").orElseThrow());
        assertFalse(NoteFormat.of("text/x-vcard").isPresent());
        assertFalse(NoteFormat.of(null).isPresent());
    }

    @ParameterizedTest
    @MethodSource("formats")
    void nonAsciiMultiLineTextComesBackTheSame(NoteFormat f) throws Exception {
        String text = "Grüße aus Köln ✓ 73 de DL1ABC\n\tzweite Zeile; mit \\ und , und = und \"\n🛰 <&> ]]> end";
        assertEquals(text, roundTrip(f, text, 1764000000L));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void anEmptyBodyComesBackEmpty(NoteFormat f) throws Exception {
        assertEquals("", roundTrip(f, "", null));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void a64KilobyteBodyComesBackTheSame(NoteFormat f) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 64 * 1024; i++) {
            sb.append("line ").append(i).append(i % 7 == 0 ? " Ünïcode ✓ and a rather long line that must be folded or soft broken somewhere\n" : "\n");
        }
        String text = sb.toString();
        String object = f.encode(Note.of(text, 1764000000L, null));
        assertEquals(text, f.decode(object).text());
        if (!(f instanceof PlainNote) && !(f instanceof SifNote)) {
            for (String line : object.split("\r\n")) {
                assertTrue(line.length() <= 76, "line of " + line.length() + ": " + line);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("structured")
    void theDateAndTheSubjectComeBack(NoteFormat f) throws Exception {
        Note back = f.decode(f.encode(Note.of("first line\nsecond", 1764000000L, "guid-1")));
        assertEquals(1764000000L, back.epoch());
        assertEquals("first line", back.subject());
        assertEquals("first line\nsecond", back.body());
    }

    @ParameterizedTest
    @MethodSource("structured")
    void withoutABodyTheSubjectIsTheText(NoteFormat f) throws Exception {
        Note back = f.decode(f.encode(new Note("only a subject", "", null, null)));
        assertEquals("only a subject", back.text());
    }

    @ParameterizedTest
    @MethodSource("structured")
    void garbageIsMalformedWithAReason(NoteFormat f) {
        for (String bad : new String[] {"", "   ", "hello", "BEGIN:VNOTE\r\nBODY:x\r\n", "<note><Body>x</note>"}) {
            MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> f.decode(bad), bad);
            assertTrue(e.getMessage().startsWith(f.contentType() + ": "), e.getMessage());
            assertEquals(f.contentType(), e.contentType());
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void anObjectBeyondTheSizeBoundIsRefused(NoteFormat f) {
        String huge = "x".repeat(MimeDir.MAX_OBJECT_CHARS + 1);
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> f.decode(huge));
        assertTrue(e.getMessage().contains("characters"), e.getMessage());
    }

    @Test
    void theSubjectIsTheFirstLineExactly() {
        assertEquals("  hello  ", Note.of("  hello  \nworld", 1L, null).subject());
        assertEquals("", Note.of("\nsecond", 1L, null).subject());
        assertEquals("one line", Note.of("one line", 1L, null).subject());
    }

    @Test
    void aSubjectThatTitlesTheBodyIsNotRepeatedAndAnyOtherGoesFirst() {
        assertEquals("Net\ntonight", new Note("Net", "Net\ntonight", null, null).text());
        assertEquals("Net tonight at 20:00", new Note("Net tonight", "Net tonight at 20:00", null, null).text(),
                "a cut subject (Outlook) titles the body too");
        assertEquals("Shopping\nmilk, eggs", new Note("Shopping", "milk, eggs", null, null).text(),
                "an Evolution memo's own title is kept");
        assertEquals("body", new Note(" ", "body", null, null).text());
        assertEquals("title", new Note("title", " \n ", null, null).text());
    }

    /** Random message texts (under the TextRule: LF line ends, no controls) through every format. */
    @Test
    void randomTextsRoundTripThroughEveryFormat() {
        RandomCases.forAll("note text round trip", 300, NoteFormatTest::randomText, text -> {
            for (NoteFormat f : NoteFormat.ALL) {
                long epoch = 1_000_000_000L + text.length();
                Note back = f.decode(f.encode(Note.of(text, epoch, "u-" + text.length())));
                assertEquals(text, back.text(), f.contentType());
                if (!(f instanceof PlainNote)) {
                    assertEquals(epoch, back.epoch(), f.contentType());
                }
            }
        });
    }

    private static final int[] ALPHABET = "aZ09 \t\n;,:=\\\"'<>&]]>.-_/é€ß✓中😀".codePoints().toArray();

    static String randomText(Random r) {
        int len = r.nextInt(10) == 0 ? 200 + r.nextInt(2000) : r.nextInt(120);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < len) {
            int pick = r.nextInt(ALPHABET.length + 4);
            // mostly the characters formats escape, sometimes any BMP character from space up...
            sb.appendCodePoint(pick < ALPHABET.length ? ALPHABET[pick] : 0x20 + r.nextInt(0x2fff));
        }
        String t = TextRule.cleanText(sb.toString()); // ...under the rule every message follows
        return t.isBlank() ? "x" + t : t;
    }
}
