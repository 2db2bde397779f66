package meshchat.syncml.http;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** "Man Mod SwV" of a stored DevInf, for the status page: what software a device runs. */
final class ClientSoftware {
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        // the DevInf text came from a client: no DTDs, no external entities
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private ClientSoftware() {
    }

    /** e.g. "SyncEvolution 2.0 (SwV 2.0.0)"; "unknown" without a readable DevInf. */
    static String of(String devInfXml) {
        if (devInfXml == null || devInfXml.isBlank()) {
            return "unknown";
        }
        Map<String, String> fields = new HashMap<>();
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new StringReader(devInfXml));
            try {
                while (r.hasNext() && fields.size() < 4) {
                    if (r.next() == XMLStreamReader.START_ELEMENT) {
                        String name = r.getLocalName();
                        if (name.equals("Man") || name.equals("Mod") || name.equals("SwV") || name.equals("DevTyp")) {
                            fields.putIfAbsent(name, r.getElementText().strip());
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            return "unknown";
        }
        String name = (fields.getOrDefault("Man", "") + " " + fields.getOrDefault("Mod", "")).strip();
        String swv = fields.get("SwV");
        String out = (name.isEmpty() ? "" : name) + (swv == null || swv.isEmpty() ? "" : " (SwV " + swv + ")");
        out = out.strip();
        return out.isEmpty() ? "unknown" : out.length() > 200 ? out.substring(0, 200) + "..." : out;
    }
}
