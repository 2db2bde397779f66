package meshchat.syncml.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What the client sent in one session, read from the Synthesis engine's message dumps.
 *
 * <p>At {@code loglevel >= 4} the engine writes every outgoing message, as its XML translation
 * (also in WBXML sessions), to {@code syncevolution-log_trmNNN_MMM_outgoing.xml} in the session log
 * directory, next to {@code ..._incoming.xml}. (At loglevel 3 it writes none.) The captures in
 * {@code shared/reference/captures/syncevolution} were made from these dumps, and a loopback proxy
 * confirmed they match the wire, with one exception: the last outgoing dump of a completed
 * session is a status-only message that is never POSTed (gotcha 9). It contains no Alert, Add,
 * Replace or Delete, so the counts here are exactly what went over the wire. When a session is
 * aborted locally (e.g. status 20048, or the client answering 508), the engine may also leave a
 * truncated, not well-formed dump of a message it never sent (e.g. {@code _trm000_003_outgoing.xml});
 * such fragments are listed in {@link #fragments()} and not counted.
 *
 * <p>This was preferred over a counting HTTP proxy because a proxy only sees the first message:
 * later ones go to the server's RespURI, which names the server's own port.
 */
record OutgoingMessages(List<Path> files, List<Path> fragments, int adds, int replaces, int deletes,
        int maps, List<Integer> alertCodes) {

    /** {@code <prefix>_trmNNN_MMM_outgoing.xml}; MMM numbers all dumps of a session in order. */
    private static final Pattern DUMP = Pattern.compile(".*_trm(\\d+)_(\\d+)_outgoing\\.xml");

    static OutgoingMessages read(Path sessionDir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(sessionDir)) {
            files = list.filter(p -> DUMP.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(OutgoingMessages::sequence)).toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list session log dir " + sessionDir + ": " + e, e);
        }
        int adds = 0;
        int replaces = 0;
        int deletes = 0;
        int maps = 0;
        List<Integer> alerts = new ArrayList<>();
        List<Path> messages = new ArrayList<>();
        List<Path> fragments = new ArrayList<>();
        for (Path file : files) {
            Document doc = parse(file);
            if (doc == null) {
                fragments.add(file);
                continue;
            }
            messages.add(file);
            adds += doc.getElementsByTagName("Add").getLength();
            replaces += doc.getElementsByTagName("Replace").getLength();
            deletes += doc.getElementsByTagName("Delete").getLength();
            maps += doc.getElementsByTagName("Map").getLength();
            NodeList alertNodes = doc.getElementsByTagName("Alert");
            for (int i = 0; i < alertNodes.getLength(); i++) {
                String data = childText((Element) alertNodes.item(i), "Data");
                if (data != null) {
                    alerts.add(Integer.parseInt(data.trim()));
                }
            }
        }
        return new OutgoingMessages(List.copyOf(messages), List.copyOf(fragments), adds, replaces, deletes, maps,
                List.copyOf(alerts));
    }

    private static int sequence(Path dump) {
        Matcher m = DUMP.matcher(dump.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(2)) : Integer.MAX_VALUE;
    }

    /** Number of dumped outgoing messages, including the trailing unsent status-only one. */
    int messageCount() {
        return files.size();
    }

    /** The sync alert code the client opened the datastore with (200..205), or -1. */
    int syncAlert() {
        return alertCodes.stream().filter(c -> c >= 200 && c <= 210).findFirst().orElse(-1);
    }

    @Override
    public String toString() {
        return "OutgoingMessages[messages=" + files.size() + ", fragments=" + fragments.size() + ", adds=" + adds + ", replaces=" + replaces
                + ", deletes=" + deletes + ", maps=" + maps + ", alerts=" + alertCodes + "]";
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e.getTextContent();
            }
        }
        return null;
    }

    /** The parsed dump, or null if it is not well-formed: a fragment of a message never sent. */
    private static Document parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler());
            return builder.parse(in);
        } catch (SAXException e) {
            return null;
        } catch (IOException | ParserConfigurationException e) {
            throw new AssertionError("cannot parse engine message dump " + file + ": " + e, e);
        }
    }
}
