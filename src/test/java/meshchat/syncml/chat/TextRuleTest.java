package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.Test;

/** The one text rule, class of character by class of character. */
class TextRuleTest {

    @Test
    void tabLfAndPrintableTextAreKeptAsTheSameInstance() {
        String s = "Hello\tmesh\n73 de DL1ABC ✓ Ünïcode 🛰";
        assertSame(s, TextRule.text(s));
        assertTrue(TextRule.isClean(s));
    }

    @Test
    void everyC0ControlButTabAndLfIsDroppedAndCrBecomesLf() {
        for (char c = 0; c < 0x20; c++) {
            String cleaned = TextRule.text("a" + c + "b");
            String expected = c == '\t' ? "a\tb" : c == '\n' || c == '\r' ? "a\nb" : "ab";
            assertEquals(expected, cleaned, "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void lineEndsBecomeOneLf() {
        assertEquals("a\nb\nc\nd\ne\n\nf", TextRule.text("a\r\nb\rc\u2028d\u2029e\r\n\rf"));
        assertEquals("a\nb", TextRule.text("a\u0085b"), "NEL, a C1 control, is a line end");
        assertEquals("a\n\nb", TextRule.text("a\n\r\nb"), "LF then CRLF are two line ends");
        assertEquals("a\n", TextRule.text("a\r"), "a CR at the very end");
    }

    @Test
    void delAndC1ControlsAreDropped() {
        assertEquals("ab", TextRule.text("a\u007fb"));
        for (char c = 0x80; c <= 0x9f; c++) {
            if (c != 0x85) {
                assertEquals("ab", TextRule.text("a" + c + "b"), "U+" + Integer.toHexString(c));
            }
        }
        assertEquals("a\u00a0b", TextRule.text("a\u00a0b"), "NO-BREAK SPACE is not a control");
    }

    @Test
    void loneSurrogatesBecomeTheReplacementCharacterAndPairsStayIntact() {
        assertEquals("\ufffd", TextRule.text("\ud800"));
        assertEquals("a\ufffdb", TextRule.text("a\udc00b"), "a low surrogate alone");
        assertEquals("\ufffd\ufffd", TextRule.text("\udc00\ud800"), "the halves in the wrong order");
        assertEquals("x\ufffd", TextRule.text("x\ud83d"), "a high surrogate at the very end");
        String pair = "\ud83d\udef0"; // U+1F6F0 SATELLITE
        assertSame(pair, TextRule.text(pair));
        assertEquals("\ufffd" + pair, TextRule.text("\ud83d" + pair), "an unpaired high before a pair");
        assertEquals(pair + "x", TextRule.text(pair + "\u0000x"), "a pair before a dropped control");
    }

    @Test
    void noncharactersBecomeTheReplacementCharacter() {
        assertEquals("a\ufffd\ufffdb", TextRule.text("a\ufffe\uffffb"));
        assertEquals("\ufffd", TextRule.text("\ufdd0"));
        assertEquals("\ufffd", TextRule.text("\ufdef"));
        assertEquals("\ufdcf\ufdf0", TextRule.text("\ufdcf\ufdf0"), "just outside U+FDD0..U+FDEF");
        assertEquals("\ufffd", TextRule.text(new String(Character.toChars(0x1FFFF))), "U+1FFFF, a pair");
        assertEquals("\ufffd", TextRule.text(new String(Character.toChars(0x10FFFE))));
        assertEquals("\ufffd", TextRule.text("\ufffd"), "U+FFFD itself stays");
    }

    @Test
    void blankAfterCleaningIsRefusedAndSoIsNull() {
        for (String s : new String[] {"", " ", "\u0000", "\r\n", "\u0001 \t\u0002", "\u2028"}) {
            assertThrows(IllegalArgumentException.class, () -> TextRule.text(s), s);
            assertTrue(TextRule.isBlank(s));
        }
        assertEquals("message text is required", assertThrows(IllegalArgumentException.class, () -> TextRule.text(null)).getMessage());
        assertFalse(TextRule.isBlank("\ud800"), "a lone surrogate leaves U+FFFD");
    }

    @Test
    void lengthIsBoundedAfterCleaning() {
        String max = "x".repeat(TextRule.MAX_TEXT_CHARS);
        assertSame(max, TextRule.text(max));
        assertEquals("message text is too long: 4000001 > 4000000 characters",
                assertThrows(IllegalArgumentException.class, () -> TextRule.text(max + "y")).getMessage());
        assertEquals(TextRule.MAX_TEXT_CHARS, TextRule.text(max + "\u0000").length(), "dropped characters do not count");
        assertEquals(TextRule.MAX_TEXT_CHARS, TextRule.text("x".repeat(TextRule.MAX_TEXT_CHARS - 1) + "\r\n").length());
    }

    @Test
    void fieldsAreOneStrippedLineWithoutControls() {
        assertEquals("N0 CALL", TextRule.field("call sign", "N0\rCALL"));
        assertEquals("a b c d", TextRule.field("channel", "a\r\nb\tc\nd"));
        assertEquals("ops", TextRule.field("channel", " \u0000ops\u0007\r\n"));
        assertEquals("", TextRule.field("channel", ""), "a field may be empty");
        assertEquals("x\ufffd", TextRule.field("node", "x\ud800"));
        String max = "K".repeat(TextRule.MAX_FIELD_CHARS);
        assertSame(max, TextRule.field("call sign", max));
        assertEquals(max, TextRule.field("call sign", " " + max + "\u0000 "), "stripped and cleaned before counting");
        assertEquals("call sign is too long: 256 > 255 characters",
                assertThrows(IllegalArgumentException.class, () -> TextRule.field("call sign", max + "K")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextRule.field("node", null));
    }

    @Test
    void cleaningIsIdempotent() {
        String[] samples = {"a\r\n\u0000b", "\ud800\udc00\ud800", "x\u2028\u0085y\ufffe", "\t\t\n", "plain"};
        for (String s : samples) {
            String once = TextRule.cleanText(s);
            assertSame(once, TextRule.cleanText(once), s);
            String field = TextRule.field("f", s);
            assertEquals(field, TextRule.field("f", field));
        }
    }

    @Test
    void everyCleanedCodeUnitSurvivesXml10AndUtf8() throws Exception {
        StringBuilder all = new StringBuilder("x");
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c); // every UTF-16 code unit, lone surrogates included
        }
        String clean = TextRule.text(all.toString());
        byte[] utf8 = clean.getBytes(StandardCharsets.UTF_8);
        assertEquals(clean, new String(utf8, StandardCharsets.UTF_8), "round-trips through UTF-8 (WBXML opaque data)");
        String xml = "<a><![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]></a>";
        XMLStreamReader r = XMLInputFactory.newInstance().createXMLStreamReader(new StringReader(xml));
        StringBuilder read = new StringBuilder();
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamReader.CDATA || e == XMLStreamReader.CHARACTERS) {
                read.append(r.getText());
            }
        }
        assertEquals(clean, read.toString(), "well-formed XML 1.0 that reads back the same");
    }

    @Test
    void messageCannotBeMadeBreakingTheRule() {
        Message m = Message.create("0000000a", 1, "a\u0000b\r\n", "K1\r", "n\u0001", "pi", "ch\n");
        assertEquals("ab\n", m.text());
        assertEquals("K1", m.callSign());
        assertEquals("n", m.node());
        assertEquals("ch", m.channel());
        assertEquals(Message.create("0000000a", 1, "ab\n", "K1", "n", "pi", "ch").id(), m.id(),
                "the GUID is computed from the cleaned fields");
        Message kept = new Message(m.id(), 1, "x\ud800", "K1", "n", "pi", "");
        assertEquals("x\ufffd", kept.text());
        assertEquals(m.id(), kept.id(), "the canonical constructor cleans and keeps the GUID it is given");
        assertThrows(IllegalArgumentException.class, () -> new Message(m.id(), 1, "\u0000", "K1", "n", "pi", ""));
    }

    @Test
    void memoTextAppliesTheRuleThenTrims() {
        assertEquals("a\nb", MemoText.normalize("\r\na\r\nb \u0000\r\n"));
        assertEquals("", MemoText.normalize("\u0000\u0001 "));
        assertEquals("\ufffd", MemoText.normalize("\udc80"), "a stray byte from a broken large object");
    }
}
