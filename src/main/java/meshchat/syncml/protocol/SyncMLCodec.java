package meshchat.syncml.protocol;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.UnmarshalException;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import meshchat.syncml.protocol.wire.SyncML;

/**
 * The codec door: bytes to {@link SyncMessage} and back, in XML or WBXML. Both encodings go
 * through StAX into the same JAXB model, so nothing above this class knows the encoding.
 */
public final class SyncMLCodec {
    private static final XMLInputFactory INPUT = hardenedInputFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private SyncMLCodec() {
    }

    /** No DTDs, no external entities: every message is hostile until parsed. */
    private static XMLInputFactory hardenedInputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external resources are never loaded: " + systemId);
        });
        return f;
    }

    public static SyncMessage decode(byte[] body, Encoding encoding) throws MalformedMessageException {
        NamespaceNormalizingReader reader = null;
        try {
            boolean lenient = false;
            XMLStreamReader raw;
            if (encoding == Encoding.WBXML) {
                raw = WbxmlBridge.reader(body);
            } else if (RawText.isValidUtf8(body) || !declaresUtf8(body)) {
                raw = INPUT.createXMLStreamReader(new ByteArrayInputStream(body));
            } else {
                // Not valid UTF-8: SyncEvolution cuts large-object chunks by bytes, inside
                // characters. Keep the stray bytes (escaped) so the chunks can be joined.
                lenient = true;
                raw = INPUT.createXMLStreamReader(new java.io.StringReader(RawText.decodeForXml(body)));
            }
            reader = new NamespaceNormalizingReader(raw);
            Unmarshaller u = Jaxb.context().createUnmarshaller();
            Object root = u.unmarshal(reader);
            if (!(root instanceof SyncML syncml)) {
                throw new MalformedMessageException("/", "the root element is not SyncML", null);
            }
            SyncMLVersion fallback = reader.rootVersion() == null ? SyncMLVersion.V1_2 : reader.rootVersion();
            return new WireReader(fallback, lenient).message(syncml);
        } catch (UnmarshalException e) {
            Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e;
            throw new MalformedMessageException(reader == null ? "" : reader.path(), reason(cause), cause);
        } catch (JAXBException | XMLStreamException | RuntimeException e) {
            throw new MalformedMessageException(reader == null ? "" : reader.path(), reason(e), e);
        }
    }

    /** UTF-8 is XML's default; only another declared encoding (e.g. ISO-8859-1) says otherwise. */
    private static boolean declaresUtf8(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 100), java.nio.charset.StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        int enc = head.indexOf("encoding=");
        return enc < 0 || head.startsWith("utf-8", enc + 10);
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    }

    public static byte[] encode(SyncMessage message, Encoding encoding) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try {
            XMLStreamWriter raw;
            if (encoding == Encoding.WBXML) {
                raw = WbxmlBridge.writer(bytes);
            } else {
                raw = OUTPUT.createXMLStreamWriter(bytes, "UTF-8");
                raw.writeStartDocument("UTF-8", "1.0");
            }
            XMLStreamWriter w = new DefaultNamespaceWriter(raw, message.header().version());
            Marshaller m = Jaxb.context().createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, true);
            m.marshal(WireWriter.message(message), w);
            raw.writeEndDocument();
            raw.flush();
            raw.close();
        } catch (JAXBException | XMLStreamException e) {
            throw new IllegalStateException("cannot encode our own message: " + reason(e), e);
        }
        return bytes.toByteArray();
    }
}
