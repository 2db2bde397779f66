package meshchat.syncml.protocol.wbxml;

import java.util.Collections;
import java.util.Iterator;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The parts of XMLStreamWriter that WBXML has nothing to encode for: prefixes, namespace
 * declarations, comments, processing instructions and DTDs are ignored; attributes are refused
 * because SyncML has none and dropping one silently would change the message.
 */
abstract class WbxmlWriterBase implements XMLStreamWriter {
    private static final String[][] PREDEFINED_ENTITIES = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"apos", "'"}, {"quot", "\""}};

    /** Buffers text for the current element. */
    protected abstract void characters(String text);

    /** Namespace of the innermost open element, or null. */
    protected abstract String currentNamespace();

    @Override
    public void writeStartElement(String localName) throws XMLStreamException {
        writeStartElement(null, localName, null);
    }

    @Override
    public void writeStartElement(String namespaceURI, String localName) throws XMLStreamException {
        writeStartElement(null, localName, namespaceURI);
    }

    @Override
    public void writeEmptyElement(String localName) throws XMLStreamException {
        writeEmptyElement(null, localName, null);
    }

    @Override
    public void writeEmptyElement(String namespaceURI, String localName) throws XMLStreamException {
        writeEmptyElement(null, localName, namespaceURI);
    }

    @Override
    public void writeEmptyElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
        writeStartElement(prefix, localName, namespaceURI);
        writeEndElement();
    }

    @Override
    public void writeCharacters(String text) {
        if (text != null) {
            characters(text);
        }
    }

    @Override
    public void writeCharacters(char[] text, int start, int len) {
        characters(new String(text, start, len));
    }

    @Override
    public void writeCData(String data) {
        writeCharacters(data);
    }

    @Override
    public void writeEntityRef(String name) throws XMLStreamException {
        for (String[] entity : PREDEFINED_ENTITIES) {
            if (entity[0].equals(name)) {
                characters(entity[1]);
                return;
            }
        }
        throw new XMLStreamException("entity &" + name + "; cannot be encoded in WBXML");
    }

    private static XMLStreamException noAttributes(String localName) {
        return new XMLStreamException("attribute " + localName + " cannot be written: SyncML WBXML has no attributes");
    }

    @Override
    public void writeAttribute(String localName, String value) throws XMLStreamException {
        throw noAttributes(localName);
    }

    @Override
    public void writeAttribute(String prefix, String namespaceURI, String localName, String value)
            throws XMLStreamException {
        throw noAttributes(localName);
    }

    @Override
    public void writeAttribute(String namespaceURI, String localName, String value) throws XMLStreamException {
        throw noAttributes(localName);
    }

    // namespaces come from each element's namespace URI, so declarations and prefixes are ignored

    @Override
    public void writeNamespace(String prefix, String namespaceURI) {
    }

    @Override
    public void writeDefaultNamespace(String namespaceURI) {
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
    public String getPrefix(String uri) {
        return uri != null && uri.equals(currentNamespace()) ? XMLConstants.DEFAULT_NS_PREFIX : null;
    }

    protected NamespaceContext namespaceContext() {
        return new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                String current = currentNamespace();
                return prefix.isEmpty() && current != null ? current : XMLConstants.NULL_NS_URI;
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return WbxmlWriterBase.this.getPrefix(namespaceURI);
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceURI) {
                String prefix = getPrefix(namespaceURI);
                return prefix == null ? Collections.emptyIterator() : Collections.singletonList(prefix).iterator();
            }
        };
    }

    // nothing in WBXML stands for these

    @Override
    public void writeStartDocument() {
    }

    @Override
    public void writeStartDocument(String version) {
    }

    @Override
    public void writeStartDocument(String encoding, String version) {
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
    public void writeDTD(String dtd) {
    }

    @Override
    public Object getProperty(String name) {
        throw new IllegalArgumentException("property not supported: " + name);
    }
}
