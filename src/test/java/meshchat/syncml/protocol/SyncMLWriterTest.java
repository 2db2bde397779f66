package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamWriter;
import org.junit.jupiter.api.Test;

/**
 * {@link SyncMLWriter} against JAXB, the writer it replaced (the generated wire classes and
 * {@link WireWriter}, kept here as the oracle): the same bytes, in both encodings and all three
 * versions, for random models and for every golden message read back.
 */
class SyncMLWriterTest {
    /** The JAXB encode as SyncMLCodec did it before SyncMLWriter. */
    static byte[] encodeByJaxb(SyncMessage message, Encoding encoding) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        XMLStreamWriter raw;
        if (encoding == Encoding.WBXML) {
            raw = WbxmlBridge.writer(bytes);
        } else {
            raw = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            raw.writeStartDocument("UTF-8", "1.0");
        }
        XMLStreamWriter w = new DefaultNamespaceWriter(raw, message.header().version());
        Marshaller m = Jaxb.context().createMarshaller();
        m.setProperty(Marshaller.JAXB_FRAGMENT, true);
        m.marshal(WireWriter.message(message), w);
        raw.writeEndDocument();
        raw.flush();
        raw.close();
        return bytes.toByteArray();
    }

    private static void same(SyncMessage m, Encoding encoding) throws Exception {
        byte[] jaxb = encodeByJaxb(m, encoding);
        byte[] ours = SyncMLCodec.encode(m, encoding);
        if (encoding == Encoding.XML) {
            assertTrue(java.util.Arrays.equals(jaxb, ours), "JAXB:\n" + new String(jaxb, StandardCharsets.UTF_8)
                    + "\nours:\n" + new String(ours, StandardCharsets.UTF_8));
        } else {
            assertArrayEquals(jaxb, ours);
        }
    }

    @Test
    void randomModelsAreWrittenAsJaxbWroteThem() {
        for (Encoding encoding : Encoding.values()) {
            for (SyncMLVersion version : SyncMLVersion.values()) {
                RandomCases.forAll("SyncMLWriter writes " + encoding + " " + version.verDtd + " as JAXB did", 300,
                        r -> new SyncMessagePropertiesTest.Models(r, version, encoding).message(),
                        m -> same(m, encoding));
            }
        }
    }

    @Test
    void goldenMessagesAreWrittenAsJaxbWroteThem() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/golden"))) {
            files = s.filter(p -> p.toString().endsWith(".xml") || p.toString().endsWith(".wbxml")).sorted().toList();
        }
        int written = 0;
        for (Path p : files) {
            Encoding read = p.toString().endsWith(".wbxml") ? Encoding.WBXML : Encoding.XML;
            SyncMessage m;
            try {
                m = SyncMLCodec.decode(Files.readAllBytes(p), read);
            } catch (MalformedMessageException e) {
                continue; // the golden files include refused messages
            }
            if (m.header().version() == null || m.commands().stream().anyMatch(c -> c instanceof Container)) {
                continue; // we never write these (unknown VerDTD; Atomic, Sequence, Exec, Search)
            }
            for (Encoding encoding : Encoding.values()) {
                same(m, encoding);
            }
            written++;
        }
        assertTrue(written >= 100, "golden messages written: " + written);
    }
}
