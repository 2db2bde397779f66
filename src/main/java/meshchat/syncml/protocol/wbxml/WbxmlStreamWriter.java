package meshchat.syncml.protocol.wbxml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.stream.XMLStreamException;

/**
 * StAX writer that encodes SyncML as WBXML. The namespace URI of each element picks the code page
 * (prefixes and namespace declarations carry no information in WBXML and are ignored). A DevInf
 * element inside Data becomes a separate DevInf document, buffered and written as one OPAQUE.
 * Repeated strings go to each document's string table when it ends (see {@link StringTable}).
 * Text is buffered until the next tag so that split writeCharacters calls make one STR_I, and
 * whitespace-only text beside child elements (indentation) is dropped: SyncML has no mixed content.
 */
final class WbxmlStreamWriter extends WbxmlWriterBase {
    /** An open element and the document encoder it is written to. */
    private static final class Open {
        final String localName;
        final String namespace;
        final WbxmlEncoder encoder;
        boolean hasChildren;

        Open(String localName, String namespace, WbxmlEncoder encoder) {
            this.localName = localName;
            this.namespace = namespace;
            this.encoder = encoder;
        }
    }

    private final OutputStream sink;
    private final List<Open> open = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private WbxmlEncoder root;
    private boolean complete;

    private final boolean stringTable;

    WbxmlStreamWriter(OutputStream sink, boolean stringTable) {
        this.sink = sink;
        this.stringTable = stringTable;
    }

    @Override
    public void writeStartElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
        if (complete) {
            throw new XMLStreamException("cannot write element " + localName + ": the document is complete");
        }
        flushText(true);
        String namespace = namespaceURI == null ? XMLConstants.NULL_NS_URI : namespaceURI;
        if (open.isEmpty()) {
            startRoot(localName, namespace);
            return;
        }
        Open parent = open.get(open.size() - 1);
        WbxmlEncoder encoder = parent.encoder;
        parent.hasChildren = true;
        if (Wbxml.DEVINF_NS.equals(namespace) && !encoder.type.isDevInf()) {
            startNestedDevInf(parent, localName);
            return;
        }
        if (namespace.isEmpty()) {
            namespace = inheritNamespace(parent, localName);
        }
        CodePage page = encoder.type.pageFor(namespace);
        if (page == null) {
            throw new XMLStreamException("element " + localName + ": namespace '" + namespace
                    + "' cannot appear in a " + encoder.type + " document");
        }
        push(localName, namespace, encoder, page);
    }

    private void startRoot(String localName, String namespace) throws XMLStreamException {
        if (namespace.isEmpty()) { // no namespace given: assume the current protocol version
            namespace = localName.equals("DevInf") ? Wbxml.DEVINF_NS : Wbxml.SYNCML_1_2_NS;
        }
        WbxmlDocType type = Wbxml.DEVINF_NS.equals(namespace) ? WbxmlDocType.DEVINF_12
                : WbxmlDocType.bySyncMLNamespace(namespace);
        if (type == null) {
            throw new XMLStreamException("root element " + localName + " in namespace '" + namespace
                    + "' is neither SyncML nor DevInf");
        }
        root = new WbxmlEncoder(type);
        push(localName, namespace, root, type.pageFor(namespace));
    }

    private void startNestedDevInf(Open parent, String localName) throws XMLStreamException {
        WbxmlEncoder outer = parent.encoder;
        boolean inData = parent.localName.equals("Data") && parent.namespace.equals(outer.type.namespace(0));
        if (!inData || !localName.equals("DevInf")) {
            throw new XMLStreamException("element " + localName + " in namespace " + Wbxml.DEVINF_NS
                    + " must be a DevInf element inside Data, not inside " + parent.localName);
        }
        outer.contentFollows();
        WbxmlEncoder nested = new WbxmlEncoder(outer.type.nestedDevInf());
        push(localName, Wbxml.DEVINF_NS, nested, nested.type.pageFor(Wbxml.DEVINF_NS));
    }

    /** An element without namespace is taken from its parent's page, else from the other page. */
    private static String inheritNamespace(Open parent, String localName) {
        WbxmlDocType type = parent.encoder.type;
        CodePage parentPage = type.pageFor(parent.namespace);
        if (parentPage != null && parentPage.token(localName) >= 0) {
            return parent.namespace;
        }
        for (int number = 0; number <= 1; number++) {
            CodePage page = type.page(number);
            if (page != null && page.token(localName) >= 0) {
                return type.namespace(number);
            }
        }
        return parent.namespace; // unknown either way: push() names the element
    }

    private void push(String localName, String namespace, WbxmlEncoder encoder, CodePage page)
            throws XMLStreamException {
        int token = page.token(localName);
        if (token < 0) {
            throw new XMLStreamException("unknown element " + localName + " in namespace " + namespace);
        }
        encoder.startElement(page.number, token);
        open.add(new Open(localName, namespace, encoder));
    }

    @Override
    public void writeEndElement() throws XMLStreamException {
        if (open.isEmpty()) {
            throw new XMLStreamException("writeEndElement without an open element");
        }
        flushText(false);
        Open closing = open.remove(open.size() - 1);
        closing.encoder.endElement();
        if (open.isEmpty()) {
            complete = true;
            if (stringTable) {
                closing.encoder.finish();
            }
            drain();
        } else if (open.get(open.size() - 1).encoder != closing.encoder) { // a nested DevInf ends
            if (stringTable) {
                closing.encoder.finish();
            }
            open.get(open.size() - 1).encoder.opaque(closing.encoder.bytes());
        }
    }

    @Override
    public void writeEndDocument() throws XMLStreamException {
        flushText(false);
        while (!open.isEmpty()) {
            writeEndElement();
        }
        flush();
    }

    @Override
    protected void characters(String chars) {
        text.append(chars);
    }

    /** Writes buffered text to the innermost element, or drops it if it is only indentation. */
    private void flushText(boolean beforeChild) throws XMLStreamException {
        if (text.length() == 0) {
            return;
        }
        String s = text.toString();
        text.setLength(0);
        boolean whitespace = isXmlWhitespace(s);
        if (open.isEmpty()) {
            if (!whitespace) {
                throw new XMLStreamException("text outside the root element: " + abbreviate(s));
            }
            return;
        }
        Open current = open.get(open.size() - 1);
        if (whitespace && (beforeChild || current.hasChildren)) {
            return;
        }
        try {
            current.encoder.text(s);
        } catch (CharacterCodingException e) {
            throw new XMLStreamException("text of " + current.localName + " is not valid Unicode"
                    + " (unpaired surrogate?): " + abbreviate(s), e);
        }
    }

    private static boolean isXmlWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private void drain() throws XMLStreamException {
        if (root == null) {
            return;
        }
        try {
            root.drainTo(sink);
        } catch (IOException e) {
            throw new XMLStreamException("cannot write WBXML: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() throws XMLStreamException {
        drain();
        try {
            sink.flush();
        } catch (IOException e) {
            throw new XMLStreamException("cannot flush WBXML: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws XMLStreamException {
        flush(); // StAX: close() must not close the underlying stream
    }

    @Override
    protected String currentNamespace() {
        return open.isEmpty() ? null : open.get(open.size() - 1).namespace;
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return namespaceContext();
    }
}
