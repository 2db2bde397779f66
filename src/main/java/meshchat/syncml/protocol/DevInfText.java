package meshchat.syncml.protocol;

import java.io.StringReader;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Reads back a client's DevInf as the store keeps it ({@link DevInf#xml()}), to pick note formats
 * for a device that does not send its DevInf every session. The text was written by us, but it
 * holds what a client sent: read with DTDs and external entities off. Not cached: one parse per
 * memo session (about a millisecond), and a cache keyed by client text would be memory any account
 * could fill.
 */
public final class DevInfText {
    private static final XMLInputFactory INPUT = input();

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
        try {
            NamespaceNormalizingReader r = new NamespaceNormalizingReader(INPUT.createXMLStreamReader(new StringReader(xml)));
            if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !"DevInf".equals(r.getLocalName())
                    || !NamespaceNormalizingReader.DEVINF.equals(r.getNamespaceURI())) {
                return Optional.empty();
            }
            return Optional.of(DevInfReader.readStored(r, xml));
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
