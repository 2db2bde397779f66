package meshchat.syncml.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.namespace.NamespaceContext;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes every element with a default namespace declaration instead of prefixes, the way real
 * SyncML peers do ({@code <Type xmlns='syncml:metinf'>}): the SyncML toolkit inside many clients
 * does not resolve prefixes. Also maps our model's 1.2 namespace to the session's version, and
 * leaves out of a SyncML 1.0 message what 1.1 added to it: MaxObjSize (MetInf) and NumberOfChanges.
 */
final class DefaultNamespaceWriter implements XMLStreamWriter {
    private final XMLStreamWriter out;
    private final String syncmlNamespace;
    private final Deque<String> open = new ArrayDeque<>();
    private final Deque<String> names = new ArrayDeque<>();
    private final boolean v10;
    /** Depth inside an element left out (0: writing). */
    private int skipping;

    DefaultNamespaceWriter(XMLStreamWriter out, SyncMLVersion version) {
        this.out = out;
        this.syncmlNamespace = version.namespace;
        this.v10 = version == SyncMLVersion.V1_0;
    }

    /** Elements SyncML 1.1 added (RepPro 1.1 NumberOfChanges; MetInf 1.1 MaxObjSize, 1.2 FieldLevel). */
    private boolean notIn10(String localName, String ns) {
        return v10 && (("NumberOfChanges".equals(localName) && syncmlNamespace.equals(ns))
                || (NamespaceNormalizingReader.METINF.equals(ns)
                        && ("MaxObjSize".equals(localName) || "FieldLevel".equals(localName))));
    }

    private String map(String ns) {
        return NamespaceNormalizingReader.SYNCML.equals(ns) ? syncmlNamespace : ns == null ? "" : ns;
    }

    @Override
    public void writeStartElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
        String ns = map(namespaceURI);
        if (skipping > 0 || notIn10(localName, ns)) {
            skipping++;
            return;
        }
        out.writeStartElement("", localName, ns);
        if (!ns.equals(open.peek())) {
            out.writeDefaultNamespace(ns);
        }
        open.push(ns);
        names.push(localName);
    }

    @Override
    public void writeStartElement(String namespaceURI, String localName) throws XMLStreamException {
        writeStartElement("", localName, namespaceURI);
    }

    @Override
    public void writeStartElement(String localName) throws XMLStreamException {
        writeStartElement("", localName, open.isEmpty() ? "" : open.peek());
    }

    @Override
    public void writeEmptyElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
        writeStartElement(prefix, localName, namespaceURI);
        writeEndElement();
    }

    @Override
    public void writeEmptyElement(String namespaceURI, String localName) throws XMLStreamException {
        writeEmptyElement("", localName, namespaceURI);
    }

    @Override
    public void writeEmptyElement(String localName) throws XMLStreamException {
        writeStartElement(localName);
        writeEndElement();
    }

    @Override
    public void writeEndElement() throws XMLStreamException {
        if (skipping > 0) {
            skipping--;
            return;
        }
        open.pop();
        names.pop();
        out.writeEndElement();
    }

    @Override
    public void writeEndDocument() throws XMLStreamException {
        out.writeEndDocument();
    }

    @Override
    public void close() throws XMLStreamException {
        out.close();
    }

    @Override
    public void flush() throws XMLStreamException {
        out.flush();
    }

    // Attributes and namespace declarations (JAXB, the tests' oracle, writes them) are dropped: SyncML has no attributes, and
    // the namespaces are declared as defaults above.
    @Override
    public void writeAttribute(String localName, String value) {
    }

    @Override
    public void writeAttribute(String prefix, String namespaceURI, String localName, String value) {
    }

    @Override
    public void writeAttribute(String namespaceURI, String localName, String value) {
    }

    @Override
    public void writeNamespace(String prefix, String namespaceURI) {
    }

    @Override
    public void writeDefaultNamespace(String namespaceURI) {
    }

    @Override
    public void writeComment(String data) {
    }

    @Override
    public void writeProcessingInstruction(String target) {
    }

    @Override
    public void writeProcessingInstruction(String target, String data) {
    }

    @Override
    public void writeCData(String data) throws XMLStreamException {
        if (skipping > 0) {
            return;
        }
        out.writeCharacters(data);
    }

    @Override
    public void writeDTD(String dtd) {
    }

    @Override
    public void writeEntityRef(String name) throws XMLStreamException {
        throw new XMLStreamException("entity references are never written");
    }

    @Override
    public void writeStartDocument() {
    }

    @Override
    public void writeStartDocument(String version) {
    }

    @Override
    public void writeStartDocument(String encoding, String version) {
    }

    /**
     * Item data goes out as CDATA, as real peers send it: SyncML toolkits trim white space around
     * plain element text, which would eat the line breaks at the edges of a large-object chunk.
     */
    @Override
    public void writeCharacters(String text) throws XMLStreamException {
        if (skipping > 0) {
            return;
        }
        if (inItemData() && !text.isEmpty()) {
            int from = 0;
            for (int end = text.indexOf("]]>"); end >= 0; end = text.indexOf("]]>", from)) {
                out.writeCData(text.substring(from, end + 2)); // "]]>" cannot be inside one CDATA section
                from = end + 2;
            }
            out.writeCData(text.substring(from));
            return;
        }
        out.writeCharacters(text);
    }

    private boolean inItemData() {
        if (!syncmlNamespace.equals(open.peek()) || names.size() < 2) {
            return false;
        }
        java.util.Iterator<String> it = names.iterator();
        return "Data".equals(it.next()) && "Item".equals(it.next());
    }

    @Override
    public void writeCharacters(char[] text, int start, int len) throws XMLStreamException {
        writeCharacters(new String(text, start, len));
    }

    @Override
    public String getPrefix(String uri) {
        return "";
    }

    @Override
    public void setPrefix(String prefix, String uri) {
    }

    @Override
    public void setDefaultNamespace(String uri) {
    }

    @Override
    public void setNamespaceContext(NamespaceContext context) {
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return out.getNamespaceContext();
    }

    @Override
    public Object getProperty(String name) {
        return out.getProperty(name);
    }
}
