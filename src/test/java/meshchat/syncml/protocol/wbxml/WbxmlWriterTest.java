package meshchat.syncml.protocol.wbxml;

import static meshchat.syncml.protocol.wbxml.Wbxml.DEVINF_NS;
import static meshchat.syncml.protocol.wbxml.Wbxml.METINF_NS;
import static meshchat.syncml.protocol.wbxml.Wbxml.SYNCML_1_1_NS;
import static meshchat.syncml.protocol.wbxml.Wbxml.SYNCML_1_2_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.junit.jupiter.api.Test;

/** Encoder choices, byte by byte. */
class WbxmlWriterTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final XMLStreamWriter w = Wbxml.newWriter(out);

    private String hex() {
        return HexFormat.of().formatHex(out.toByteArray());
    }

    private void leaf(String ns, String name, String text) throws XMLStreamException {
        w.writeStartElement(ns, name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    @Test
    void switchesPageOnlyWhenTheTagsPageDiffers() throws Exception {
        w.writeStartElement(SYNCML_1_2_NS, "SyncML");
        w.writeStartElement(SYNCML_1_2_NS, "Meta");
        leaf(METINF_NS, "MaxMsgSize", "1");
        leaf(METINF_NS, "MaxObjSize", "2");
        w.writeEndElement();
        w.writeEmptyElement(SYNCML_1_2_NS, "Final");
        w.writeEndDocument();
        // SyncML Meta SWITCH 1 MaxMsgSize "1" END MaxObjSize "2" END END(Meta) SWITCH 0 Final END
        assertEquals("02a4016a00" + "6d" + "5a" + "0001" + "4c03310001" + "5503320001" + "01" + "0000" + "12" + "01", hex());
    }

    @Test
    void textWithNulIsOpaque() throws Exception {
        w.writeStartElement(SYNCML_1_2_NS, "SyncML");
        leaf(SYNCML_1_2_NS, "Data", "a\0b");
        w.writeEndDocument();
        assertEquals("02a4016a00" + "6d" + "4f" + "c303610062" + "01" + "01", hex());
    }

    @Test
    void devInfInsideDataIsANestedDocumentOfTheMatchingVersion() throws Exception {
        w.writeStartElement(SYNCML_1_1_NS, "SyncML");
        w.writeStartElement(SYNCML_1_1_NS, "Data");
        w.writeStartElement(DEVINF_NS, "DevInf");
        leaf(DEVINF_NS, "VerDTD", "1.1");
        leaf(DEVINF_NS, "Size", "9");
        w.writeEndDocument();
        String nested = "029f546a00" + "4a" + "6503312e310001" + "5c03390001" + "01";
        assertEquals("029f536a00" + "6d" + "4f" + "c3" + "13" + nested + "01" + "01", hex());
        assertEquals(0x13 * 2, nested.length());
    }

    @Test
    void prefixesAndDeclarationsAreIgnoredAndUnqualifiedNamesInherit() throws Exception {
        w.writeStartDocument("UTF-8", "1.0");
        w.writeStartElement("p", "SyncML", SYNCML_1_2_NS);
        w.writeNamespace("p", SYNCML_1_2_NS);
        w.writeStartElement("Meta");
        w.writeDefaultNamespace("urn:ignored");
        w.writeStartElement("Type"); // not on page 0: found on MetInf page 1
        w.writeCData("x");
        w.writeEntityRef("amp");
        w.writeEndDocument();
        assertEquals("02a4016a00" + "6d" + "5a" + "0001" + "5303782600" + "01" + "01" + "01", hex());
    }

    @Test
    void indentationBesideChildrenIsDroppedButLeafWhitespaceKept() throws Exception {
        w.writeStartElement(SYNCML_1_2_NS, "SyncML");
        w.writeCharacters("\n  ");
        leaf(SYNCML_1_2_NS, "Data", " ");
        w.writeCharacters("\n");
        w.writeEndElement();
        assertEquals("02a4016a00" + "6d" + "4f03200001" + "01", hex());
    }

    @Test
    void surrogatePairSplitOverTwoCallsStaysWhole() throws Exception {
        char[] emoji = Character.toChars(0x1F600);
        w.writeStartElement(SYNCML_1_2_NS, "SyncML");
        w.writeStartElement(SYNCML_1_2_NS, "Data");
        w.writeCharacters(emoji, 0, 1);
        w.writeCharacters(emoji, 1, 1);
        w.writeEndDocument();
        assertEquals(new String(emoji), WbxmlTrees.wbxmlTree(out.toByteArray()).children().get(0).text());
    }

    @Test
    void refusals() throws Exception {
        w.writeStartElement(SYNCML_1_2_NS, "SyncML");
        assertTrue(assertThrows(XMLStreamException.class, () -> w.writeStartElement(SYNCML_1_2_NS, "Bogus"))
                .getMessage().contains("unknown element Bogus in namespace SYNCML:SYNCML1.2"));
        assertTrue(assertThrows(XMLStreamException.class, () -> w.writeStartElement(SYNCML_1_2_NS, "Type"))
                .getMessage().contains("Type"));
        assertTrue(assertThrows(XMLStreamException.class, () -> w.writeStartElement(DEVINF_NS, "DevInf"))
                .getMessage().contains("inside Data"));
        assertTrue(assertThrows(XMLStreamException.class, () -> w.writeStartElement(SYNCML_1_1_NS, "Data"))
                .getMessage().contains("SYNCML:SYNCML1.1"));
        assertTrue(assertThrows(XMLStreamException.class, () -> w.writeAttribute("a", "b"))
                .getMessage().contains("no attributes"));
        w.writeStartElement(SYNCML_1_2_NS, "Data");
        w.writeCharacters("\uD800");
        assertTrue(assertThrows(XMLStreamException.class, w::writeEndElement).getMessage().contains("not valid Unicode"));
    }

    @Test
    void rootMustBeSyncMLOrDevInf() {
        assertThrows(XMLStreamException.class, () -> w.writeStartElement("urn:other", "SyncML"));
        assertThrows(XMLStreamException.class, () -> w.writeStartElement(METINF_NS, "MetInf"));
    }

    @Test
    void standaloneDevInfDocument() throws Exception {
        w.writeStartElement(DEVINF_NS, "DevInf");
        w.writeEmptyElement(DEVINF_NS, "UTC");
        w.writeEndDocument();
        assertEquals("02a4036a00" + "4a" + "28" + "01", hex());
    }
}
