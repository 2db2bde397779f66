package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import org.junit.jupiter.api.Test;

/**
 * The reader tells JAXB its names are interned (so JAXB skips String.intern per tag, issue 10):
 * that must hold for every start and end tag, whatever strings the reader below hands out.
 */
class NamespaceNormalizingReaderInternTest {
    @Test
    void everyTagNameAndNamespaceIsInterned() throws Exception {
        // names built at run time, so the parser below cannot hand out literals
        String item = new String("Item".toCharArray());
        String xml = "<SyncML xmlns='SYNCML:SYNCML1.1'><SyncBody><Add><" + item + "><Meta><Type xmlns='syncml:metinf'>text/plain"
                + "</Type></Meta><Data>x</Data></" + item + "><Unknown" + System.nanoTime() + "/></Add></SyncBody></SyncML>";
        XMLInputFactory f = XMLInputFactory.newFactory();
        NamespaceNormalizingReader r = new NamespaceNormalizingReader(f.createXMLStreamReader(new StringReader(xml)));
        assertEquals(Boolean.TRUE, r.getProperty(NamespaceNormalizingReader.INTERN_NAMES));
        assertEquals(Boolean.TRUE, r.getProperty(NamespaceNormalizingReader.INTERN_NS_URIS));
        List<String> seen = new ArrayList<>();
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT || ev == XMLStreamConstants.END_ELEMENT) {
                assertSame(r.getLocalName().intern(), r.getLocalName());
                assertSame(r.getNamespaceURI().intern(), r.getNamespaceURI());
                assertSame(r.getName().getLocalPart(), r.getLocalName());
                seen.add((ev == XMLStreamConstants.START_ELEMENT ? "<" : "/") + r.getLocalName() + "@" + r.getNamespaceURI());
            }
        }
        assertTrue(seen.contains("<Item@SYNCML:SYNCML1.2"), seen::toString);
        assertTrue(seen.contains("/Type@syncml:metinf"), seen::toString);
        assertEquals(16, seen.size(), seen::toString);
    }
}
