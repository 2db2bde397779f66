package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** VJOURNAL objects written by hand from RFC 5545 (iCalendar 2.0) and vCalendar 1.0. */
class JournalTest {
    private final NoteFormat ical = NoteFormat.of("text/calendar", "2.0").orElseThrow();
    private final NoteFormat vcal = NoteFormat.of("text/x-vcalendar", "1.0").orElseThrow();

    private static final String RFC5545 = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Notes//EN\r\n"
            + "BEGIN:VJOURNAL\r\nUID:19970901T130000Z-123405@example.com\r\nDTSTAMP:19970901T130000Z\r\n"
            + "DTSTART;VALUE=DATE:19970317\r\nSUMMARY:Staff meeting minutes\r\n"
            + "DESCRIPTION:1. Staff meeting: Participants include Joe\\, Lisa\\, and Bob. Au\r\n"
            + " rora project plans were reviewed.\\n2. Telephone Conference: ABC Corp. sal\r\n"
            + " es representative called to discuss new printers\\; see C:\\\\tmp.\r\n"
            + "CATEGORIES:Project Report\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n";

    @Test
    void theRfc5545ExampleJournalIsUnfoldedAndUnescaped() throws Exception {
        Note n = ical.decode(RFC5545);
        assertEquals("Staff meeting minutes\n1. Staff meeting: Participants include Joe, Lisa, and Bob. Aurora project plans were reviewed.\n"
                + "2. Telephone Conference: ABC Corp. sales representative called to discuss new printers; see C:\\tmp.", n.text(),
                "a SUMMARY that does not title the DESCRIPTION goes first");
        assertEquals("Staff meeting minutes", n.subject());
        assertEquals(858556800L, n.epoch(), "a DATE is its midnight UTC");
        assertEquals("19970901T130000Z-123405@example.com", n.uid());
        assertEquals(n.text(), ical.decode(RFC5545.replace("\r\n", "\n")).text(), "LF line ends too");
    }

    @Test
    void foldingIsAt75OctetsAndNeverSplitsAUtf8Character() throws Exception {
        String text = "ä".repeat(100) + "😀".repeat(40);
        String object = ical.encode(Note.of(text, 0L, "uid"));
        for (String line : object.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
            assertTrue(!line.isEmpty() && !Character.isLowSurrogate(line.charAt(line.startsWith(" ") ? 1 : 0)), line);
        }
        assertEquals(text, ical.decode(object).text());
    }

    @Test
    void weWriteTheRequiredPropertiesAndEscapes() {
        String object = ical.encode(Note.of("a, b; c\\d\ne", 1764183600L, "msg-guid"));
        assertEquals("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//MeshChat//meshchat-syncml//EN\r\nBEGIN:VJOURNAL\r\n"
                + "UID:msg-guid\r\nDTSTAMP:20251126T190000Z\r\nDTSTART:20251126T190000Z\r\nSUMMARY:a\\, b\\; c\\\\d\r\n"
                + "DESCRIPTION:a\\, b\\; c\\\\d\\ne\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n", object);
    }

    @Test
    void withoutAUidOneIsDerivedFromTextAndDate() throws Exception {
        String a = ical.encode(Note.of("hi", 5L, null));
        assertEquals(a, ical.encode(Note.of("hi", 5L, null)));
        assertTrue(ical.decode(a).uid().startsWith("meshchat-"), a);
    }

    @Test
    void dateTimeFormsAreRead() throws Exception {
        assertEquals(1764183600L, start("DTSTART:20251126T190000Z"));
        assertEquals(1764183600L, start("DTSTART;TZID=Europe/Berlin:20251126T190000"), "TZID is taken as UTC");
        assertEquals(1764183600L, start("DTSTART:20251126T200000+0100"));
        assertNull(ical.decode(RFC5545.replace("DTSTART;VALUE=DATE:19970317\r\n", "")).epoch());
    }

    private long start(String line) throws MalformedNoteException {
        return ical.decode(RFC5545.replace("DTSTART;VALUE=DATE:19970317", line)).epoch();
    }

    @Test
    void aVCalendar10JournalWithQuotedPrintableAndLatin1() throws Exception {
        Note n = vcal.decode("BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VJOURNAL\r\nDTSTART:20251126T190000Z\r\n"
                + "SUMMARY;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Gr=FC=DFe\r\n"
                + "DESCRIPTION;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Gr=FC=DFe=0D=0Aaus M=FC=\r\nnchen\r\n"
                + "END:VJOURNAL\r\nEND:VCALENDAR\r\n");
        assertEquals("Grüße\naus München", n.text());
        assertEquals("Grüße", n.subject());
        assertEquals(1764183600L, n.epoch());
    }

    @Test
    void weWriteVCalendar10WithQuotedPrintableOnlyWhenNeeded() {
        assertEquals("BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VJOURNAL\r\nDTSTART:20251126T190000Z\r\nSUMMARY:hi\r\n"
                + "DESCRIPTION:hi\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n", vcal.encode(Note.of("hi", 1764183600L, null)));
        assertTrue(vcal.encode(Note.of("ü", null, null)).contains("DESCRIPTION;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=BC\r\n"));
    }

    @Test
    void onlyOneJournalIsANote() {
        for (NoteFormat f : new NoteFormat[] {ical, vcal}) {
            assertReason(f, "no VJOURNAL (found VEVENT)", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR");
            assertReason(f, "2 VJOURNALs", "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nEND:VJOURNAL\r\nBEGIN:VJOURNAL\r\n"
                    + "END:VJOURNAL\r\nEND:VCALENDAR");
            assertReason(f, "not a calendar: BEGIN:VNOTE", "BEGIN:VNOTE\r\nBODY:x\r\nEND:VNOTE");
            assertNull(assertDoesNotThrow(() -> f.decode(RFC5545.replace("DTSTART;VALUE=DATE:19970317", "DTSTART:soon")))
                    .epoch(), "an unreadable DTSTART counts as missing");
            assertNull(assertDoesNotThrow(() -> f.decode(RFC5545.replace("DTSTART;VALUE=DATE:19970317",
                    "DTSTART:19691231T000000Z"))).epoch(), "a pre-1970 DTSTART counts as missing");
            assertReason(f, "no END:VCALENDAR", "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nEND:VJOURNAL\r\n");
        }
    }

    private static void assertReason(NoteFormat f, String reason, String object) {
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> f.decode(object));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
