package meshchat.syncml.protocol.wbxml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.io.ByteArrayOutputStream;
import java.util.List;
import meshchat.syncml.protocol.wbxml.WbxmlTrees.Node;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The real consumer: glassfish JAXB unmarshals from our reader and marshals into our writer. */
class WbxmlJaxbTest {
    static final String NS = Wbxml.SYNCML_1_2_NS;

    @XmlRootElement(name = "SyncML", namespace = NS)
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"hdr", "body"})
    static class SyncML {
        @XmlElement(name = "SyncHdr", namespace = NS)
        Hdr hdr;
        @XmlElement(name = "SyncBody", namespace = NS)
        Body body;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"verDtd", "verProto", "sessionId", "rest"})
    static class Hdr {
        @XmlElement(name = "VerDTD", namespace = NS)
        String verDtd;
        @XmlElement(name = "VerProto", namespace = NS)
        String verProto;
        @XmlElement(name = "SessionID", namespace = NS)
        String sessionId;
        @XmlAnyElement
        List<Element> rest;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    static class Body {
        @XmlAnyElement
        List<Element> commands;
    }

    private static final String CAPTURE = WbxmlTrees.WBXML_SESSION + "/01-out-msg001.wbxml";

    @Test
    void unmarshalsTheCapture() throws Exception {
        JAXBContext context = JAXBContext.newInstance(SyncML.class);
        SyncML m = (SyncML) context.createUnmarshaller().unmarshal(Wbxml.newReader(WbxmlTrees.resource(CAPTURE)));
        assertEquals("1.2", m.hdr.verDtd);
        assertEquals("15", m.hdr.sessionId);
        assertEquals(List.of("Put", "Get", "Alert", "Final"), m.body.commands.stream().map(Element::getLocalName).toList());
        Element devInf = (Element) m.body.commands.get(0).getElementsByTagNameNS(Wbxml.DEVINF_NS, "DevInf").item(0);
        assertEquals("Patrick Ohly", devInf.getElementsByTagNameNS(Wbxml.DEVINF_NS, "Man").item(0).getTextContent());
        Element maxMsgSize = (Element) m.hdr.rest.get(m.hdr.rest.size() - 1).getElementsByTagNameNS(Wbxml.METINF_NS, "MaxMsgSize").item(0);
        assertEquals("150000", maxMsgSize.getTextContent());
    }

    /** Unmarshal, marshal into our writer: the same bytes as captured, DevInf nesting included. */
    @Test
    void marshalsBackToTheCapturedBytes() throws Exception {
        JAXBContext context = JAXBContext.newInstance(SyncML.class);
        byte[] capture = WbxmlTrees.resource(CAPTURE);
        Object m = context.createUnmarshaller().unmarshal(Wbxml.newReader(capture));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Marshaller marshaller = context.createMarshaller();
        marshaller.marshal(m, Wbxml.newWriter(out, false)); // libsynthesis writes no string table
        Node expected = WbxmlTrees.wbxmlTree(capture);
        assertEquals(expected, WbxmlTrees.wbxmlTree(out.toByteArray()));
        assertEquals(java.util.HexFormat.of().formatHex(capture), java.util.HexFormat.of().formatHex(out.toByteArray()));
    }
}
