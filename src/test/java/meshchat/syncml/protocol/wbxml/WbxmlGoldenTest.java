package meshchat.syncml.protocol.wbxml;

import static meshchat.syncml.protocol.wbxml.WbxmlTrees.WBXML_SESSION;
import static meshchat.syncml.protocol.wbxml.WbxmlTrees.comparable;
import static meshchat.syncml.protocol.wbxml.WbxmlTrees.resource;
import static meshchat.syncml.protocol.wbxml.WbxmlTrees.trimmed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.util.HexFormat;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stax.StAXSource;
import meshchat.syncml.protocol.wbxml.WbxmlTrees.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The captured SyncEvolution WBXML session against its XML twins, both directions. */
class WbxmlGoldenTest {

    static String[] wbxmlMessages() {
        return WbxmlTrees.WBXML_MESSAGES;
    }

    static java.util.List<String> xmlMessages() {
        return WbxmlTrees.allXmlMessages();
    }

    private static byte[] wbxml(String message) {
        return resource(WBXML_SESSION + "/" + message + ".wbxml");
    }

    private static byte[] twin(String message) {
        return resource(WBXML_SESSION + "/" + message + ".xml");
    }

    /** The engine's XML translation keeps devinf+wbxml, so no normalisation is needed here. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wbxmlMessages")
    void decodesLikeTheEnginesXmlTwin(String message) throws Exception {
        assertEquals(trimmed(WbxmlTrees.xmlTree(twin(message))), trimmed(WbxmlTrees.wbxmlTree(wbxml(message))));
    }

    /** libwbxml2's decode differs only in spelling the DevInf Meta Type devinf+xml. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wbxmlMessages")
    void decodesLikeLibwbxml2sDecode(String message) throws Exception {
        byte[] libwbxml = resource(WBXML_SESSION + "/" + message + ".wbxml2xml.xml");
        assertEquals(comparable(WbxmlTrees.xmlTree(libwbxml)), comparable(WbxmlTrees.wbxmlTree(wbxml(message))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wbxmlMessages")
    void reencodesTheCaptureByteForByte(String message) throws Exception {
        byte[] ours = WbxmlTrees.encode(Wbxml.newReader(wbxml(message)));
        assertEquals(HexFormat.of().formatHex(wbxml(message)), HexFormat.of().formatHex(ours));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wbxmlMessages")
    void encodesTheXmlTwinToTheCapturedBytes(String message) throws Exception {
        byte[] ours = WbxmlTrees.encode(WbxmlTrees.xmlReader(twin(message)));
        assertArrayEquals(wbxml(message), ours);
    }

    /** Every XML capture (1.1 and 1.2, CDATA item data, multi-message) survives encode + decode. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("xmlMessages")
    void xmlCapturesSurviveEncodeAndDecode(String path) throws Exception {
        Node expected = WbxmlTrees.xmlTree(resource(path));
        byte[] encoded = WbxmlTrees.encode(WbxmlTrees.xmlReader(resource(path)));
        assertEquals(expected, WbxmlTrees.wbxmlTree(encoded));
    }

    @Test
    void syncml11CaptureGetsSyncml11AndDevinf11PublicIds() throws Exception {
        byte[] encoded = WbxmlTrees.encode(WbxmlTrees.xmlReader(
                resource("o-slow-sync-syncml-1.1-fresh-client-xml/01-out-msg001.xml")));
        assertEquals("029f536a00", HexFormat.of().formatHex(encoded, 0, 5));
        String hex = HexFormat.of().formatHex(encoded);
        assertNotEquals(-1, hex.indexOf("029f546a00"), "nested DevInf 1.1 document (public id 0x0FD4)");
    }

    /** JAXB-like use: the JDK's StAXSource (StAXStream2SAX) builds a DOM from our reader. */
    @Test
    void staxSourceBuildsDomWithNamespaces() throws Exception {
        XMLStreamReader reader = Wbxml.newReader(wbxml("01-out-msg001"));
        DOMResult result = new DOMResult();
        TransformerFactory.newInstance().newTransformer().transform(new StAXSource(reader), result);
        Document doc = (Document) result.getNode();
        Element root = doc.getDocumentElement();
        assertEquals(Wbxml.SYNCML_1_2_NS, root.getNamespaceURI());
        assertEquals("SyncML", root.getLocalName());
        Element devInf = (Element) doc.getElementsByTagNameNS(Wbxml.DEVINF_NS, "DevInf").item(0);
        assertEquals("Data", devInf.getParentNode().getLocalName());
        assertEquals("text/plain", ((Element) devInf.getElementsByTagNameNS(Wbxml.DEVINF_NS, "Rx-Pref").item(0))
                .getElementsByTagNameNS(Wbxml.DEVINF_NS, "CTType").item(0).getTextContent());
        assertEquals("150000", doc.getElementsByTagNameNS(Wbxml.METINF_NS, "MaxMsgSize").item(0).getTextContent());
    }

    /** Copying our events into the JDK's XML writer yields XML equal to the twin. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wbxmlMessages")
    void eventsCopyIntoTheJdkXmlWriter(String message) throws Exception {
        StringWriter xml = new StringWriter();
        XMLStreamWriter jdk = XMLOutputFactory.newFactory().createXMLStreamWriter(xml);
        WbxmlTrees.copy(Wbxml.newReader(wbxml(message)), jdk);
        byte[] bytes = xml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(trimmed(WbxmlTrees.xmlTree(twin(message))), trimmed(WbxmlTrees.xmlTree(bytes)));
    }

    @Test
    void writerOutputReachesTheStreamOnlyWhenTheRootEnds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XMLStreamWriter w = Wbxml.newWriter(out);
        w.writeStartElement(Wbxml.SYNCML_1_2_NS, "SyncML");
        w.writeStartElement(Wbxml.SYNCML_1_2_NS, "SyncHdr");
        assertEquals(0, out.size());
        w.writeEndDocument();
        assertEquals("02a4016a006d2c01", HexFormat.of().formatHex(out.toByteArray()));
    }
}
