package meshchat.syncml.protocol.wbxml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/** Test helpers: element trees read from any StAX reader, resources, event copying. */
final class WbxmlTrees {
    static final String GOLDEN = "/golden/wbxml/";
    static final String WBXML_SESSION = "c-two-way-delete-1-wbxml";
    static final String[] WBXML_MESSAGES = {"01-out-msg001", "02-in-msg001", "03-out-msg002", "04-in-msg002",
        "05-out-msg003", "06-in-msg003", "07-out-msg004.NOT-SENT"};
    /** XML-only sessions whose messages exercise the encoder (see golden/wbxml/README.md). */
    static final String[] XML_SESSIONS = {"a-slow-sync-3-items-xml", "k-wrong-password-401-xml",
        "m-slow-sync-200-items-multimessage-maxmsg20000-xml", "o-slow-sync-syncml-1.1-fresh-client-xml"};

    /** An element: namespace, local name, its own text (concatenated), children. */
    record Node(String ns, String name, String text, List<Node> children) {
        Node map(UnaryOperator<String> textRule) {
            List<Node> kids = new ArrayList<>();
            for (Node child : children) {
                kids.add(child.map(textRule));
            }
            return new Node(ns, name, textRule.apply(text), kids);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            print(sb, 0);
            return sb.toString();
        }

        private void print(StringBuilder sb, int indent) {
            sb.append("  ".repeat(indent)).append('{').append(ns).append('}').append(name);
            if (!text.isEmpty()) {
                sb.append(" = ").append(text.replace("\r", "\\r").replace("\n", "\\n"));
            }
            sb.append('\n');
            for (Node child : children) {
                child.print(sb, indent + 1);
            }
        }
    }

    private WbxmlTrees() {
    }

    /** Reads the (rest of the) document into a tree of its root element. */
    static Node tree(XMLStreamReader r) throws XMLStreamException {
        while (r.getEventType() != XMLStreamConstants.START_ELEMENT) {
            r.next();
        }
        return element(r);
    }

    private static Node element(XMLStreamReader r) throws XMLStreamException {
        String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
        String name = r.getLocalName();
        StringBuilder text = new StringBuilder();
        List<Node> children = new ArrayList<>();
        while (true) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                children.add(element(r));
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return new Node(ns, name, text.toString(), children);
            }
        }
    }

    /** A JDK StAX reader that never loads DTDs (libwbxml2 output carries a DOCTYPE with a URL). */
    static XMLStreamReader xmlReader(byte[] xml) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f.createXMLStreamReader(new ByteArrayInputStream(xml));
    }

    static Node xmlTree(byte[] xml) throws XMLStreamException {
        return tree(xmlReader(xml));
    }

    static Node wbxmlTree(byte[] wbxml) throws XMLStreamException {
        return tree(Wbxml.newReader(wbxml));
    }

    /** Trimmed text: how the captures' element trees are compared. */
    static Node trimmed(Node n) {
        return n.map(String::trim);
    }

    /**
     * For comparing across XML parsers and libwbxml2: trimmed, line ends as LF (XML parsers turn
     * CRLF into LF, WBXML keeps CR), and the DevInf Meta Type spelled one way (libwbxml2 rewrites
     * devinf+wbxml to devinf+xml when decoding and back when encoding).
     */
    static Node comparable(Node n) {
        return n.map(t -> t.replace("\r\n", "\n").replace('\r', '\n').trim()
                .replace("application/vnd.syncml-devinf+xml", "application/vnd.syncml-devinf+wbxml"));
    }

    /** Copies the events of a reader positioned at START_DOCUMENT (or START_ELEMENT) to a writer. */
    static void copy(XMLStreamReader r, XMLStreamWriter w) throws XMLStreamException {
        copy(r, w, null);
    }

    /** As copy(r, w), with each text passed through textRule if that is not null. */
    static void copy(XMLStreamReader r, XMLStreamWriter w, UnaryOperator<String> textRule) throws XMLStreamException {
        int event = r.getEventType();
        while (true) {
            switch (event) {
                case XMLStreamConstants.START_DOCUMENT -> w.writeStartDocument();
                case XMLStreamConstants.START_ELEMENT -> {
                    w.writeStartElement("", r.getLocalName(), r.getNamespaceURI() == null ? "" : r.getNamespaceURI());
                    for (int i = 0; i < r.getNamespaceCount(); i++) {
                        String prefix = r.getNamespacePrefix(i);
                        if (prefix == null || prefix.isEmpty()) {
                            w.writeDefaultNamespace(r.getNamespaceURI(i));
                        } else {
                            w.writeNamespace(prefix, r.getNamespaceURI(i));
                        }
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (textRule == null) {
                        w.writeCharacters(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    } else {
                        w.writeCharacters(textRule.apply(r.getText()));
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> w.writeEndElement();
                case XMLStreamConstants.END_DOCUMENT -> {
                    w.writeEndDocument();
                    w.flush();
                    return;
                }
                default -> { }
            }
            event = r.next();
        }
    }

    /** Encodes whatever the reader yields with our writer, without a string table (libsynthesis' bytes). */
    static byte[] encode(XMLStreamReader r) throws XMLStreamException {
        return encode(r, null);
    }

    static byte[] encode(XMLStreamReader r, UnaryOperator<String> textRule) throws XMLStreamException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(r, Wbxml.newWriter(out, false), textRule);
        return out.toByteArray();
    }

    /** The same with the string table our replies use (repeated strings as STR_T). */
    static byte[] encodeWithTable(XMLStreamReader r, UnaryOperator<String> textRule) throws XMLStreamException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(r, Wbxml.newWriter(out, true), textRule);
        return out.toByteArray();
    }

    static byte[] resource(String path) {
        try (InputStream in = WbxmlTrees.class.getResourceAsStream(GOLDEN + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + GOLDEN + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** session/message paths of every XML message that has no WBXML twin, plus the twins. */
    static List<String> allXmlMessages() {
        List<String> paths = new ArrayList<>();
        for (String m : WBXML_MESSAGES) {
            paths.add(WBXML_SESSION + "/" + m + ".xml");
        }
        for (String session : XML_SESSIONS) {
            for (String file : listing(session)) {
                paths.add(session + "/" + file);
            }
        }
        return paths;
    }

    private static List<String> listing(String dir) {
        try (Stream<Path> files = Files.list(Path.of(WbxmlTrees.class.getResource(GOLDEN + dir).toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).sorted().toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list test resources in " + dir, e);
        }
    }
}
