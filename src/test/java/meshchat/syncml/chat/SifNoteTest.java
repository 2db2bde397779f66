package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SIF-N objects written by hand from the Funambol note schema (note: Subject, Body, Date, ...). */
class SifNoteTest {
    private final NoteFormat sif = NoteFormat.of("text/x-s4j-sifn").orElseThrow();

    @Test
    void anOutlookStyleNoteGivesBodySubjectAndDate() throws Exception {
        Note n = sif.decode("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<note><SIFVersion>1.1</SIFVersion>"
                + "<Subject>Net</Subject><Body>Net tonight&#13;\nat 20:00 &amp; later &lt;73&gt;</Body>"
                + "<Categories>Mesh</Categories><Color>1</Color><Date>2025-11-26T19:00:00</Date>"
                + "<Height>200</Height><Left>10</Left><Top>10</Top><Width>300</Width></note>");
        assertEquals("Net tonight\nat 20:00 & later <73>", n.text());
        assertEquals("Net", n.subject());
        assertEquals(1764183600L, n.epoch());
    }

    @Test
    void cdataAndAnEmptyBodyFallBackToTheSubject() throws Exception {
        assertEquals("x <y>", sif.decode("<note><Body><![CDATA[x <y>]]></Body></note>").text());
        assertEquals("just a title", sif.decode("<note><Subject>just a title</Subject><Body/></note>").text());
        assertNull(sif.decode("<note><Body>x</Body><Date></Date></note>").epoch());
    }

    @Test
    void weWriteWellFormedXmlWithEscapes() {
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<note><SIFVersion>1.1</SIFVersion><Subject>a &lt;b&gt; "
                + "&amp;</Subject><Body>a &lt;b&gt; &amp;\n]]&gt;</Body><Date>20251126T190000Z</Date></note>",
                sif.encode(Note.of("a <b> &\n]]>", 1764183600L, null)));
    }

    @Test
    void aDoctypeAndExternalEntitiesAreRefused() {
        assertReason("DOCTYPE", "<?xml version=\"1.0\"?><!DOCTYPE note [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<note><Body>&x;</Body></note>");
        assertReason("DOCTYPE", "<!DOCTYPE note [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                + "<note><Body>&b;</Body></note>");
        assertReason("not well-formed XML", "<note><Body>&x;</Body></note>");
    }

    @Test
    void malformedAndHostileShapesSayWhy() {
        assertReason("not <note>", "<contact><Body>x</Body></contact>");
        assertReason("not well-formed XML", "<note><Body>x</note>");
        assertReason("not well-formed XML", "<note><Body>x</Body></note><note/>");
        assertReason("nested deeper than 16", "<note>" + "<a>".repeat(20) + "</a>".repeat(20) + "</note>");
        assertReason("more than 1000 elements", "<note>" + "<a/>".repeat(1001) + "</note>");
    }

    @Test
    void anUnreadableDateIsNoDate() throws Exception {
        Note n = sif.decode("<note><Body>x</Body><Date>tomorrow</Date></note>");
        assertEquals("x", n.body());
        assertNull(n.epoch(), "the note's date is not kept: an unreadable one counts as missing");
        assertNull(sif.decode("<note><Body>x</Body><Date>1969-12-31T00:00:00</Date></note>").epoch());
    }

    private void assertReason(String reason, String object) {
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> sif.decode(object));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
