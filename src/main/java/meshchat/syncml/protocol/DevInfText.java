package meshchat.syncml.protocol;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads back a client's DevInf as the store keeps it ({@link DevInf#xml()}), to pick note formats
 * for a device that does not send its DevInf every session. The text was written by us, but it
 * holds what a client sent: read with DTDs and external entities off. A few recent documents are
 * cached, so a device syncing again costs no parse.
 */
public final class DevInfText {
    private static final XMLInputFactory INPUT = input();
    private static final int CACHED = 64;
    private static final Map<String, DevInf> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DevInf> eldest) {
            return size() > CACHED;
        }
    };

    private DevInfText() {
    }

    private static XMLInputFactory input() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    /** The DevInf in a stored document; empty when it cannot be read (then the caller goes without). */
    public static Optional<DevInf> parse(String xml) {
        if (xml == null || xml.isBlank()) {
            return Optional.empty();
        }
        synchronized (CACHE) {
            DevInf cached = CACHE.get(xml);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        try {
            XMLStreamReader r = new NamespaceNormalizingReader(INPUT.createXMLStreamReader(new StringReader(xml)));
            Object root = Jaxb.context().createUnmarshaller().unmarshal(r);
            if (root instanceof JAXBElement<?> e) {
                root = e.getValue();
            }
            if (!(root instanceof meshchat.syncml.protocol.wire.devinf.DevInf w)) {
                return Optional.empty();
            }
            DevInf d = DevInfMapper.fromWire(w);
            synchronized (CACHE) {
                CACHE.put(xml, d);
            }
            return Optional.of(d);
        } catch (JAXBException | XMLStreamException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
