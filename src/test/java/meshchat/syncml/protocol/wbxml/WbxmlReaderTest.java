package meshchat.syncml.protocol.wbxml;

import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;
import static meshchat.syncml.protocol.wbxml.WbxmlMalformedTest.HEADER;
import static meshchat.syncml.protocol.wbxml.WbxmlMalformedTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import javax.xml.stream.XMLStreamReader;
import meshchat.syncml.protocol.wbxml.WbxmlTrees.Node;
import org.junit.jupiter.api.Test;

/** Decoder features one by one, on hand-made bodies. */
class WbxmlReaderTest {

    private static XMLStreamReader at(byte[] body, String localName) throws Exception {
        XMLStreamReader r = Wbxml.newReader(body);
        while (!(r.isStartElement() && r.getLocalName().equals(localName))) {
            r.next();
        }
        return r;
    }

    @Test
    void adjacentStringTokensAreOneCharactersEvent() throws Exception {
        // STR_I "ab", STR_T "xy", ENTITY U+263A, SWITCH_PAGE 1, OPAQUE "cd"
        byte[] body = bytes(0x02, 0xA4, 0x01, 0x6A, 0x03, "xy", 0x00, 0x6D, 0x4F, 0x03, "ab", 0x00, 0x83, 0x00,
                0x02, 0xCC, 0x3A, 0x00, 0x01, 0xC3, 0x02, "cd", 0x01, 0x01);
        XMLStreamReader r = at(body, "Data");
        assertEquals(CHARACTERS, r.next());
        assertEquals("abxy\u263Acd", r.getText());
        assertNull(r.getProperty(Wbxml.PROPERTY_OPAQUE_BYTES), "not all from OPAQUE");
        assertEquals(END_ELEMENT, r.next());
    }

    @Test
    void opaqueTextIsUtf8WithRawBytesOnOffer() throws Exception {
        XMLStreamReader r = at(bytes(HEADER, 0x6D, 0x4F, 0xC3, 0x04, "h\u00e9y", 0x01, 0x01), "Data");
        r.next();
        assertEquals("h\u00e9y", r.getText());
        assertArrayEquals("h\u00e9y".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                (byte[]) r.getProperty(Wbxml.PROPERTY_OPAQUE_BYTES));
        assertEquals(Boolean.FALSE, r.getProperty(Wbxml.PROPERTY_BYTES_ESCAPED));
    }

    @Test
    void opaqueBinaryMapsLosslesslyToEscapedBytes() throws Exception {
        XMLStreamReader r = at(bytes(HEADER, 0x6D, 0x4F, 0xC3, 0x03, 0xFF, 0xFE, 0x80, 0x01, 0x01), "Data");
        r.next();
        assertEquals("\uDCFF\uDCFE\uDC80", r.getText());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x80}, meshchat.syncml.protocol.RawText.encode(r.getText()));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x80}, (byte[]) r.getProperty(Wbxml.PROPERTY_OPAQUE_BYTES));
        assertEquals(Boolean.TRUE, r.getProperty(Wbxml.PROPERTY_BYTES_ESCAPED));
    }

    /**
     * OPAQUE Data is a nested DevInf only when it is a whole DevInf document (issue 10 looks at
     * the version byte and public id first, without parsing): text that begins like a WBXML header
     * (a version byte, a SyncML or DevInf public id, a string-table FPI) stays text.
     */
    @Test
    void opaqueTextThatBeginsLikeAWbxmlHeaderStaysText() throws Exception {
        Object[][] texts = {
            {"memo"},
            {0x02},
            {0x02, 0x9F, 0x53, 0x6A, 0x00, 0x6D, 0x01}, // a whole SyncML 1.1 document, not DevInf
            {0x02, 0xA4, 0x03, 0x6A, 0x05, "ab"}, // DevInf 1.2 public id, string table past the end
            {0x03, 0x00, 0x00, 0x6A, 0x03, "xy", 0x00, 0x0A}, // an FPI that names no DevInf
            {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}, // public id longer than an mb_u_int32
            {0x04, 0xA4, 0x03, 0x6A, 0x00, 0x0A}, // version byte 4
        };
        for (Object[] text : texts) {
            byte[] data = bytes(text);
            XMLStreamReader r = at(bytes(HEADER, 0x6D, 0x4F, 0xC3, data.length, ints(data), 0x01, 0x01), "Data");
            assertEquals(CHARACTERS, r.next(), () -> java.util.HexFormat.of().formatHex(data));
            assertArrayEquals(data, (byte[]) r.getProperty(Wbxml.PROPERTY_OPAQUE_BYTES));
            assertEquals(END_ELEMENT, r.next());
            assertEquals("Data", r.getLocalName());
        }
    }

    private static int[] ints(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void nestedDevInfIsReadWithNumericOrStringTablePublicId() throws Exception {
        String fpi = "-//SYNCML//DTD DevInf 1.2//EN";
        Object[][] docs = {
            {0x02, 0xA4, 0x03, 0x6A, 0x00, 0x0A},
            {0x02, 0x00, 0x00, 0x6A, fpi.length() + 1, fpi, 0x00, 0x0A},
        };
        for (Object[] doc : docs) {
            byte[] data = bytes(doc);
            XMLStreamReader r = at(bytes(HEADER, 0x6D, 0x4F, 0xC3, data.length, ints(data), 0x01, 0x01), "Data");
            assertEquals(START_ELEMENT, r.next());
            assertEquals("DevInf", r.getLocalName());
            assertEquals(Wbxml.DEVINF_NS, r.getNamespaceURI());
            assertEquals(END_ELEMENT, r.next());
            assertEquals("DevInf", r.getLocalName());
        }
    }

    /** END does not reset the code page: after Meta/Type (page 1) token 0x0F is Next, not Data. */
    @Test
    void codePageSurvivesEnd() throws Exception {
        byte[] body = bytes(HEADER, 0x6D, 0x5A, 0x00, 0x01, 0x53, 0x03, "t", 0x00, 0x01, 0x01, 0x4F, 0x03, "x", 0x00, 0x01, 0x01);
        Node tree = WbxmlTrees.wbxmlTree(body);
        Node second = tree.children().get(1);
        assertEquals(Wbxml.METINF_NS, second.ns());
        assertEquals("Next", second.name());
    }

    @Test
    void publicIdsPickTheNamespace() throws Exception {
        assertEquals(Wbxml.SYNCML_1_0_NS, WbxmlTrees.wbxmlTree(bytes(0x02, 0x9F, 0x51, 0x6A, 0x00, 0x6D, 0x01)).ns());
        assertEquals(Wbxml.SYNCML_1_1_NS, WbxmlTrees.wbxmlTree(bytes(0x01, 0x9F, 0x53, 0x6A, 0x00, 0x6D, 0x01)).ns());
        assertEquals(Wbxml.SYNCML_1_2_NS, WbxmlTrees.wbxmlTree(bytes(0x03, 0xA4, 0x01, 0x6A, 0x00, 0x6D, 0x01)).ns());
        String fpi = "-//SYNCML//DTD SyncML 1.1//EN";
        byte[] byFpi = bytes(0x02, 0x00, 0x00, 0x6A, fpi.length() + 1, fpi, 0x00, 0x6D, 0x01);
        assertEquals(Wbxml.SYNCML_1_1_NS, WbxmlTrees.wbxmlTree(byFpi).ns());
    }

    @Test
    void unknownPublicIdInfersFromTheRootTag() throws Exception {
        assertEquals(Wbxml.SYNCML_1_2_NS, WbxmlTrees.wbxmlTree(bytes(0x02, 0x01, 0x6A, 0x00, 0x6D, 0x01)).ns());
        Node devInf = WbxmlTrees.wbxmlTree(bytes(0x02, 0x01, 0x6A, 0x00, 0x4A, 0x5C, 0x03, "9", 0x00, 0x01, 0x01));
        assertEquals(Wbxml.DEVINF_NS, devInf.ns());
        assertEquals("MaxSize", devInf.children().get(0).name());
    }

    @Test
    void devInfToken1cIsSizeIn11AndMaxSizeIn12() throws Exception {
        byte[] v11 = bytes(0x02, 0x9F, 0x54, 0x6A, 0x00, 0x4A, 0x5C, 0x03, "9", 0x00, 0x01, 0x01);
        byte[] v12 = bytes(0x02, 0xA4, 0x03, 0x6A, 0x00, 0x4A, 0x5C, 0x03, "9", 0x00, 0x01, 0x01);
        assertEquals("Size", WbxmlTrees.wbxmlTree(v11).children().get(0).name());
        assertEquals("MaxSize", WbxmlTrees.wbxmlTree(v12).children().get(0).name());
    }

    @Test
    void literalTagTakesItsNameFromTheStringTable() throws Exception {
        byte[] body = bytes(0x02, 0xA4, 0x01, 0x6A, 0x04, "Foo", 0x00, 0x6D, 0x04, 0x00, 0x01);
        assertEquals("Foo", WbxmlTrees.wbxmlTree(body).children().get(0).name());
    }

    /** Each element declares the default namespace exactly when it differs from its parent's. */
    @Test
    void namespaceDeclarationsPairUp() throws Exception {
        XMLStreamReader r = Wbxml.newReader(WbxmlTrees.resource(WbxmlTrees.WBXML_SESSION + "/01-out-msg001.wbxml"));
        assertEquals(START_DOCUMENT, r.getEventType());
        Deque<String> parents = new ArrayDeque<>();
        int declarations = 0;
        while (r.hasNext()) {
            int event = r.next();
            if (event == START_ELEMENT || event == END_ELEMENT) {
                if (event == END_ELEMENT) {
                    parents.pop();
                }
                boolean differs = !r.getNamespaceURI().equals(parents.peek());
                assertEquals(differs ? 1 : 0, r.getNamespaceCount(), r.getLocalName());
                if (differs) {
                    assertNull(r.getNamespacePrefix(0));
                    assertEquals(r.getNamespaceURI(), r.getNamespaceURI(0));
                    declarations++;
                }
                assertEquals("", r.getPrefix());
                assertEquals(r.getNamespaceURI(), r.getNamespaceContext().getNamespaceURI(""));
                assertEquals(0, event == START_ELEMENT ? r.getAttributeCount() : 0);
                if (event == START_ELEMENT) {
                    parents.push(r.getNamespaceURI());
                }
            }
        }
        assertTrue(declarations > 10);
        assertEquals(END_DOCUMENT, r.getEventType());
        assertFalse(r.hasNext());
        assertThrows(NoSuchElementException.class, r::next);
    }

    @Test
    void staxConveniences() throws Exception {
        XMLStreamReader r = Wbxml.newReader(WbxmlTrees.resource(WbxmlTrees.WBXML_SESSION + "/01-out-msg001.wbxml"));
        assertEquals(START_ELEMENT, r.nextTag());
        r.require(START_ELEMENT, Wbxml.SYNCML_1_2_NS, "SyncML");
        assertEquals(5, r.getLocation().getCharacterOffset());
        assertEquals("-//SYNCML//DTD SyncML 1.2//EN", r.getLocation().getPublicId());
        assertThrows(IllegalStateException.class, r::getText);
        r.nextTag();
        r.nextTag();
        assertEquals("VerDTD", r.getName().getLocalPart());
        assertEquals("1.2", r.getElementText());
        r.require(END_ELEMENT, Wbxml.SYNCML_1_2_NS, "VerDTD");
        assertThrows(javax.xml.stream.XMLStreamException.class, () -> r.require(START_ELEMENT, null, null));
        r.nextTag();
        r.next();
        assertTrue(r.isCharacters());
        assertEquals("SyncML/1.2", new String(r.getTextCharacters(), r.getTextStart(), r.getTextLength()));
        assertFalse(r.isWhiteSpace());
    }

    @Test
    void emptyElementIsStartThenEnd() throws Exception {
        XMLStreamReader r = at(bytes(HEADER, 0x6D, 0x12, 0x01), "Final");
        assertEquals(END_ELEMENT, r.next());
        assertEquals("Final", r.getLocalName());
        assertEquals(END_ELEMENT, r.next());
        assertEquals("SyncML", r.getLocalName());
        assertEquals(END_DOCUMENT, r.next());
    }

    @Test
    void emptyStringsMakeNoEvent() throws Exception {
        XMLStreamReader r = at(bytes(HEADER, 0x6D, 0x4F, 0x03, 0x00, 0xC3, 0x00, 0x01, 0x01), "Data");
        assertEquals(END_ELEMENT, r.next());
    }
}
