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
 * It also bounds the nesting depth, so a hostile message cannot exhaust the stack, and counts
 * while reading what the engine's command gate counts after decoding (commands through SyncBody,
 * Sync, Atomic and Sequence, plus Items and MapItems) and all elements, stopping the decode with
 * a {@link MessageLimitException} past either bound: an empty WBXML {@code <Put/>} is one byte, so
 * counting only after the model is built let 2 MB ask for 2 million model objects. One int
 * increment per element and a few identity comparisons (names are interned) per command.
 */
final class NamespaceNormalizingReader extends StreamReaderDelegate {
    static final String SYNCML = SyncMLVersion.V1_2.namespace;
    static final String METINF = "syncml:metinf";
    static final String DEVINF = "syncml:devinf";
    static final int MAX_DEPTH = 64;

    /** StAX properties (Woodstox's) by which JAXB, the tests' oracle, knows names need no String.intern per tag from it. */
    static final String INTERN_NAMES = "org.codehaus.stax2.internNames";
    static final String INTERN_NS_URIS = "org.codehaus.stax2.internNsUris";

    private final Deque<String> open = new ArrayDeque<>();
    /** Each local name of this message, interned once (compared by identity here, and by JAXB in the tests). */
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
    private final int maxCommands;
    private final int maxElements;
    private int commands;
    private int elements;
    /** Skip every child of SyncBody: reads the header of a message refused as too large. */
    private boolean headerOnly;

    NamespaceNormalizingReader(XMLStreamReader in) {
        this(in, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param maxCommands commands plus items (as the engine's gate counts them) the message may hold
     * @param maxElements elements the message may hold, all of them
     */
    NamespaceNormalizingReader(XMLStreamReader in, int maxCommands, int maxElements) {
        super(in);
        this.maxCommands = maxCommands;
        this.maxElements = maxElements;
    }

    /** From now on, children of SyncBody are skipped unread into the model (nothing of them is built). */
    NamespaceNormalizingReader headerOnly() {
        headerOnly = true;
        return this;
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
    @SuppressWarnings("StringEquality")
    public int next() throws XMLStreamException {
        int ev = super.next();
        while (headerOnly && ev == XMLStreamConstants.START_ELEMENT && names.peek() == "SyncBody") {
            for (int depth = 1; depth > 0; ) { // a command: skip its whole subtree
                int skipped = super.next();
                if (skipped == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (skipped == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            ev = super.next();
        }
        if (ev == XMLStreamConstants.START_ELEMENT || ev == XMLStreamConstants.END_ELEMENT) {
            localName = interned.computeIfAbsent(super.getLocalName(), String::intern);
        }
        if (ev == XMLStreamConstants.START_ELEMENT) {
            if (open.size() >= MAX_DEPTH) {
                throw new XMLStreamException("elements nested deeper than " + MAX_DEPTH + " at " + path());
            }
            if (++elements > maxElements) {
                throw new MessageLimitException("more than " + maxElements + " elements");
            }
            if (isCommandOrItem(localName, names.peek()) && ++commands > maxCommands) {
                throw new MessageLimitException("more than " + maxCommands + " commands and items");
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

    /** Names are interned (see next()), so identity comparison is exact and cheap. */
    @SuppressWarnings("StringEquality")
    private static boolean isCommandOrItem(String local, String parent) {
        if (local == "Item" || local == "MapItem") {
            return true;
        }
        if (parent != "SyncBody" && parent != "Sync" && parent != "Atomic" && parent != "Sequence") {
            return false;
        }
        return local != "CmdID" && local != "NoResp" && local != "Cred" && local != "Meta" && local != "Target"
                && local != "Source" && local != "NumberOfChanges" && local != "Final";
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
     * Local names are interned here and namespaces are our constants (string literals), so JAXB (the
     * oracle the tests read messages with) may skip its own String.intern of both per tag.
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
