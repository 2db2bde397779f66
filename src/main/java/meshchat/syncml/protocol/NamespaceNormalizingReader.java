package meshchat.syncml.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Presents every SyncML version in the one namespace our model is bound to, and repairs what
 * clients leave out: SyncML 1.0/1.1 namespaces become 1.2; MetInf and DevInf namespaces are
 * matched case-insensitively; elements without a namespace (old clients, some WBXML decoders)
 * get the one their context implies (inside Meta: MetInf; DevInf and its content: DevInf).
 * It also bounds the nesting depth, so a hostile message cannot exhaust the stack.
 */
final class NamespaceNormalizingReader extends StreamReaderDelegate {
    static final String SYNCML = SyncMLVersion.V1_2.namespace;
    static final String METINF = "syncml:metinf";
    static final String DEVINF = "syncml:devinf";
    static final int MAX_DEPTH = 64;

    /** StAX properties (Woodstox's) by which JAXB knows names need no String.intern per tag from it. */
    static final String INTERN_NAMES = "org.codehaus.stax2.internNames";
    static final String INTERN_NS_URIS = "org.codehaus.stax2.internNsUris";

    private final Deque<String> open = new ArrayDeque<>();
    /** Each local name of this message, interned once (JAXB compares names by identity). */
    private final Map<String, String> interned = new HashMap<>();
    /** The interned local name of the current start or end tag. */
    private String localName;
    private final Deque<String> names = new ArrayDeque<>();
    private String current;
    private SyncMLVersion rootVersion;
    /** The last namespace seen as sent, its SyncML version (or null), and what it normalizes to (null: unknown). */
    private String lastRaw;
    private SyncMLVersion lastVersion;
    private String lastKnown;

    NamespaceNormalizingReader(XMLStreamReader in) {
        super(in);
    }

    /** The SyncML version named by the root element's namespace, or null if it had none. */
    SyncMLVersion rootVersion() {
        return rootVersion;
    }

    String path() {
        StringBuilder sb = new StringBuilder();
        names.descendingIterator().forEachRemaining(n -> sb.append('/').append(n));
        return sb.toString();
    }

    @Override
    public int next() throws XMLStreamException {
        int ev = super.next();
        if (ev == XMLStreamConstants.START_ELEMENT || ev == XMLStreamConstants.END_ELEMENT) {
            localName = interned.computeIfAbsent(super.getLocalName(), String::intern);
        }
        if (ev == XMLStreamConstants.START_ELEMENT) {
            if (open.size() >= MAX_DEPTH) {
                throw new XMLStreamException("elements nested deeper than " + MAX_DEPTH + " at " + path());
            }
            current = effective(super.getNamespaceURI(), localName);
            open.push(current);
            names.push(localName);
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
            current = open.isEmpty() ? null : open.pop();
            if (!names.isEmpty()) {
                names.pop();
            }
        }
        return ev;
    }

    @Override
    public int nextTag() throws XMLStreamException {
        int ev = next();
        while ((ev == XMLStreamConstants.CHARACTERS && isWhiteSpace()) || ev == XMLStreamConstants.COMMENT
                || ev == XMLStreamConstants.SPACE || ev == XMLStreamConstants.PROCESSING_INSTRUCTION) {
            ev = next();
        }
        if (ev != XMLStreamConstants.START_ELEMENT && ev != XMLStreamConstants.END_ELEMENT) {
            throw new XMLStreamException("expected a start or end tag at " + path());
        }
        return ev;
    }

    private String effective(String raw, String local) {
        String parentNs = open.peek();
        String parentName = names.peek();
        String ns = raw == null ? "" : raw;
        if (!ns.equals(lastRaw)) { // most elements repeat their parent's namespace: classify each once
            lastRaw = ns;
            lastVersion = SyncMLVersion.ofNamespace(ns.trim());
            String lower = ns.trim().toLowerCase(Locale.ROOT);
            lastKnown = lastVersion != null ? SYNCML : lower.startsWith(METINF) ? METINF
                    : lower.startsWith(DEVINF) ? DEVINF : null;
        }
        if (lastVersion != null && open.isEmpty()) {
            rootVersion = lastVersion;
        }
        if (lastKnown != null) {
            return lastKnown;
        }
        // No (or an unknown) namespace: infer it from the context.
        if ("DevInf".equals(local)) {
            return DEVINF;
        }
        if (parentNs == null) {
            return SYNCML;
        }
        if ("Anchor".equals(local) || (SYNCML.equals(parentNs) && "Meta".equals(parentName))) {
            return METINF;
        }
        return parentNs;
    }

    @Override
    public String getNamespaceURI() {
        int ev = getEventType();
        if (ev == XMLStreamConstants.START_ELEMENT || ev == XMLStreamConstants.END_ELEMENT) {
            return ev == XMLStreamConstants.START_ELEMENT ? current : endNamespace();
        }
        return super.getNamespaceURI();
    }

    private String endNamespace() {
        // after next() popped, 'current' is the namespace of the element that just ended
        return current;
    }

    /** Interned, as {@link #getProperty} tells JAXB. */
    @Override
    public String getLocalName() {
        int ev = getEventType();
        return ev == XMLStreamConstants.START_ELEMENT || ev == XMLStreamConstants.END_ELEMENT ? localName
                : super.getLocalName();
    }

    /**
     * Local names are interned here and namespaces are our constants (string literals), so JAXB
     * may skip its own String.intern of both per tag (issue 10).
     */
    @Override
    public Object getProperty(String name) {
        if (INTERN_NAMES.equals(name) || INTERN_NS_URIS.equals(name)) {
            return Boolean.TRUE;
        }
        return super.getProperty(name);
    }

    @Override
    public QName getName() {
        return new QName(getNamespaceURI(), getLocalName());
    }

    @Override
    public String getPrefix() {
        return XMLConstants.DEFAULT_NS_PREFIX;
    }

    @Override
    public int getNamespaceCount() {
        return 0;
    }

    @Override
    public int getAttributeCount() {
        return 0; // SyncML has no attributes; xmlns are not attributes in StAX anyway
    }
}
