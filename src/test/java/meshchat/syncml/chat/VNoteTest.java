package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** vNote 1.1 objects written by hand from the IrMC vNote and vCard 2.1 rules. */
class VNoteTest {
    private final NoteFormat vnote = NoteFormat.of("text/x-vnote").orElseThrow();

    @Test
    void aPlainVNoteGivesBodySummaryAndDate() throws Exception {
        Note n = vnote.decode("BEGIN:VNOTE\r\nVERSION:1.1\r\nSUMMARY:Net tonight\r\nBODY:Net tonight at 20:00\r\n"
                + "DCREATED:20251126T190000Z\r\nCATEGORIES:MESH\r\nX-IRMC-LUID:000001\r\nEND:VNOTE\r\n");
        assertEquals("Net tonight at 20:00", n.text());
        assertEquals("Net tonight", n.subject());
        assertEquals(1764183600L, n.epoch());
    }

    @Test
    void quotedPrintableWithSoftLineBreaksAndUtf8() throws Exception {
        Note n = vnote.decode("BEGIN:VNOTE\r\nVERSION:1.1\r\n"
                + "BODY;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gr=C3=BC=C3=9Fe aus K=C3=B6ln=0D=0A=\r\n"
                + "zweite Zeile mit =3D und einem sehr langen Text, der weich umbr=\r\n"
                + "ochen wird\r\nEND:VNOTE\r\n");
        assertEquals("Grüße aus Köln\nzweite Zeile mit = und einem sehr langen Text, der weich umbrochen wird", n.text());
    }

    @Test
    void theBareQuotedPrintableParameterAndIso88591() throws Exception {
        Note n = vnote.decode("BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY;QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Gr=FC=DFe=0D=0A"
                + "Stra=DFe\r\nEND:VNOTE\r\n");
        assertEquals("Grüße\nStraße", n.text());
    }

    @Test
    void quotedPrintableWithoutCharsetIsUtf8WhenValidElseLatin1() throws Exception {
        assertEquals("Köln", vnote.decode("BEGIN:VNOTE\r\nBODY;ENCODING=QUOTED-PRINTABLE:K=C3=B6ln\r\nEND:VNOTE").text());
        assertEquals("Köln", vnote.decode("BEGIN:VNOTE\r\nBODY;ENCODING=QUOTED-PRINTABLE:K=F6ln\r\nEND:VNOTE").text());
    }

    @Test
    void foldedLinesAndLfOnlyLineEndsAreRead() throws Exception {
        String crlf = "BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY:a long body that\r\n  goes on\r\nEND:VNOTE\r\n";
        assertEquals("a long body that goes on", vnote.decode(crlf).text());
        assertEquals("a long body that goes on", vnote.decode(crlf.replace("\r\n", "\n")).text(), "LF line ends");
        assertEquals("a long body that goes on", vnote.decode(crlf.replace("\r\n", "\r")).text(), "CR line ends");
    }

    @Test
    void crlfAndLfInsideTheBodyBothBecomeLf() throws Exception {
        assertEquals("a\nb\nc", vnote.decode("BEGIN:VNOTE\r\nBODY;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab=0Ac\r\nEND:VNOTE").text());
    }

    @Test
    void base64BodyAndGroupPrefixAndLowerCaseNames() throws Exception {
        assertEquals("hallo ✓", vnote.decode("begin:vnote\r\nitem1.body;encoding=BASE64;charset=utf-8:aGFsbG8g4pyT\r\n"
                + "end:vnote\r\n").text());
    }

    @Test
    void weWritePlainShortAsciiAndQuotedPrintableOtherwise() {
        String plain = vnote.encode(Note.of("hello mesh", 1764183600L, null));
        assertEquals("BEGIN:VNOTE\r\nVERSION:1.1\r\nSUMMARY:hello mesh\r\nBODY:hello mesh\r\n"
                + "DCREATED:20251126T190000Z\r\nLAST-MODIFIED:20251126T190000Z\r\nEND:VNOTE\r\n", plain);
        String qp = vnote.encode(Note.of("Köln\nzwei; a\\b ", null, null));
        assertTrue(qp.contains("BODY;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:K=C3=B6ln=0D=0Azwei\\; a\\\\b=20\r\n"), qp);
    }

    @Test
    void withoutDcreatedLastModifiedGivesTheDateAndWithoutEitherThereIsNone() throws Exception {
        assertEquals(86400L, vnote.decode("BEGIN:VNOTE\r\nBODY:x\r\nLAST-MODIFIED:19700102T000000Z\r\nEND:VNOTE").epoch());
        assertNull(vnote.decode("BEGIN:VNOTE\r\nBODY:x\r\nEND:VNOTE").epoch());
    }

    @Test
    void malformedObjectsSayWhy() {
        assertReason("not a vNote: BEGIN:VCARD", "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD");
        assertReason("no END:VNOTE", "BEGIN:VNOTE\r\nBODY:x\r\n");
        assertReason("END:VCARD without its BEGIN", "BEGIN:VNOTE\r\nBODY:x\r\nEND:VCARD");
        assertReason("line without ':'", "BEGIN:VNOTE\r\nBODY x\r\nEND:VNOTE");
        assertReason("unknown CHARSET", "BEGIN:VNOTE\r\nBODY;CHARSET=X-NOPE;ENCODING=QUOTED-PRINTABLE:x\r\nEND:VNOTE");
        assertReason("unknown ENCODING", "BEGIN:VNOTE\r\nBODY;ENCODING=UUENCODE:x\r\nEND:VNOTE");
        assertReason("not base64", "BEGIN:VNOTE\r\nBODY;ENCODING=BASE64:!!!\r\nEND:VNOTE");
        assertReason("more than one object", "BEGIN:VNOTE\r\nBODY:x\r\nEND:VNOTE\r\nBEGIN:VNOTE\r\nEND:VNOTE");
        assertReason("outside BEGIN/END", "BODY:x\r\nBEGIN:VNOTE\r\nEND:VNOTE");
        assertReason("not a property name", "BEGIN:VNOTE\r\nB<O>DY:x\r\nEND:VNOTE");
    }

    @Test
    void hostileShapesHitTheirBounds() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            deep.append("BEGIN:X").append(i).append("\r\n");
        }
        assertReason("nested deeper than 8", "BEGIN:VNOTE\r\n" + deep);
        assertReason("properties (at most 1000)", "BEGIN:VNOTE\r\n" + "X-A:b\r\n".repeat(1001) + "END:VNOTE");
        assertReason("more than 400000 lines", "BEGIN:VNOTE\r\nBODY:x\r\n" + " y\r\n".repeat(400_001) + "END:VNOTE");
        assertReason("more than 400000 lines", "BEGIN:VNOTE\r\n" + "\n".repeat(400_001) + "END:VNOTE");
    }

    @Test
    void aHugeFoldedNameOrParameterListIsReadInOnePassAndRefused() {
        // 300,000 folds of a line without ':' (each fold must not rescan the line) and 100,000 parameters
        assertReason("line without ':'", "BEGIN:VNOTE\r\nX" + "\r\n a".repeat(300_000) + "\r\nEND:VNOTE");
        assertReason("more than 32 parameters", "BEGIN:VNOTE\r\nBODY" + ";P=1".repeat(100_000) + ":x\r\nEND:VNOTE");
    }

    @Test
    void anUnreadableOrPre1970DateIsNoDate() throws Exception {
        for (String date : new String[] {"yesterday", "19600101T000000Z", "19691231T000000Z", "99999999T999999Z"}) {
            Note n = vnote.decode("BEGIN:VNOTE\r\nBODY:x\r\nDCREATED:" + date + "\r\nEND:VNOTE");
            assertEquals("x", n.body(), date);
            assertNull(n.epoch(), date + " counts as missing");
        }
    }

    private void assertReason(String reason, String object) {
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> vnote.decode(object));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
