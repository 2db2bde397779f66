package meshchat.syncml.protocol.wbxml;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.namespace.QName;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

/**
 * StAX view of a WBXML body, as read by SyncMLReader (and by JAXB, the tests' oracle) and the JDK's StAXSource.
 * Elements have no prefix; each element whose namespace differs from its parent's declares it
 * as the default namespace, so namespace events pair up on START_ELEMENT and END_ELEMENT.
 */
final class WbxmlStreamReader extends WbxmlReaderBase {
    private final WbxmlParser parser;

    WbxmlStreamReader(WbxmlParser parser) {
        this.parser = parser;
    }

    @Override
    public int next() throws XMLStreamException {
        return parser.next();
    }

    @Override
    public boolean hasNext() {
        return parser.event != END_DOCUMENT;
    }

    @Override
    public int getEventType() {
        return parser.event;
    }

    @Override
    public void require(int type, String namespaceURI, String localName) throws XMLStreamException {
        if (type != parser.event) {
            throw new XMLStreamException("expected event " + type + " but current event is " + parser.event, getLocation());
        }
        if (namespaceURI != null && !namespaceURI.equals(getNamespaceURI())) {
            throw new XMLStreamException("expected namespace " + namespaceURI + " but found " + getNamespaceURI(), getLocation());
        }
        if (localName != null && !localName.equals(getLocalName())) {
            throw new XMLStreamException("expected element " + localName + " but found " + getLocalName(), getLocation());
        }
    }

    @Override
    public String getElementText() throws XMLStreamException {
        require(START_ELEMENT, null, null);
        StringBuilder content = new StringBuilder();
        while (next() != END_ELEMENT) {
            if (parser.event == CHARACTERS) {
                content.append(getText());
            } else {
                throw new XMLStreamException("element text expected, but found event " + parser.event + " in "
                        + parser.path(), getLocation());
            }
        }
        return content.toString();
    }

    @Override
    public int nextTag() throws XMLStreamException {
        int event = next();
        while (event == CHARACTERS && isWhiteSpace()) {
            event = next();
        }
        if (event != START_ELEMENT && event != END_ELEMENT) {
            throw new XMLStreamException("start or end tag expected, but found event " + event + " in " + parser.path(),
                    getLocation());
        }
        return event;
    }

    @Override
    public Object getProperty(String name) {
        if (name == null) {
            throw new IllegalArgumentException("property name is null");
        }
        boolean characters = parser.event == CHARACTERS;
        if (Wbxml.PROPERTY_OPAQUE_BYTES.equals(name)) {
            return characters ? parser.text().opaqueBytes() : null;
        }
        if (Wbxml.PROPERTY_BYTES_ESCAPED.equals(name)) {
            return characters && parser.text().bytesEscaped();
        }
        return null;
    }

    // --- elements and namespaces ---

    @Override
    protected WbxmlParser.Element element() {
        if (parser.event != START_ELEMENT && parser.event != END_ELEMENT) {
            throw new IllegalStateException("not at START_ELEMENT or END_ELEMENT (event " + parser.event + ")");
        }
        return parser.element;
    }

    @Override
    public QName getName() {
        WbxmlParser.Element e = element();
        return new QName(e.namespace(), e.localName(), XMLConstants.DEFAULT_NS_PREFIX);
    }

    @Override
    public String getLocalName() {
        return element().localName();
    }

    @Override
    public String getNamespaceURI() {
        return hasName() ? parser.element.namespace() : null;
    }

    @Override
    public String getPrefix() {
        return hasName() ? XMLConstants.DEFAULT_NS_PREFIX : null;
    }

    @Override
    public int getNamespaceCount() {
        return element().declaresNamespace() ? 1 : 0;
    }

    @Override
    public String getNamespacePrefix(int index) {
        namespaceDeclaration(index);
        return null; // StAX: null for a default namespace declaration
    }

    @Override
    public String getNamespaceURI(int index) {
        return namespaceDeclaration(index).namespace();
    }

    private WbxmlParser.Element namespaceDeclaration(int index) {
        if (index != 0 || !element().declaresNamespace()) {
            throw new IndexOutOfBoundsException("no namespace declaration " + index);
        }
        return parser.element;
    }

    @Override
    public String getNamespaceURI(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix is null");
        }
        switch (prefix) {
            case XMLConstants.DEFAULT_NS_PREFIX:
                List<WbxmlParser.Element> open = parser.openElements();
                return open.isEmpty() ? null : open.get(open.size() - 1).namespace();
            case XMLConstants.XML_NS_PREFIX:
                return XMLConstants.XML_NS_URI;
            case XMLConstants.XMLNS_ATTRIBUTE:
                return XMLConstants.XMLNS_ATTRIBUTE_NS_URI;
            default:
                return null;
        }
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                String uri = WbxmlStreamReader.this.getNamespaceURI(prefix);
                return uri == null ? XMLConstants.NULL_NS_URI : uri;
            }

            @Override
            public String getPrefix(String namespaceURI) {
                Iterator<String> prefixes = getPrefixes(namespaceURI);
                return prefixes.hasNext() ? prefixes.next() : null;
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceURI) {
                for (String prefix : new String[] {"", XMLConstants.XML_NS_PREFIX, XMLConstants.XMLNS_ATTRIBUTE}) {
                    if (namespaceURI.equals(WbxmlStreamReader.this.getNamespaceURI(prefix))) {
                        return Collections.singletonList(prefix).iterator();
                    }
                }
                return Collections.emptyIterator();
            }
        };
    }

    // --- text ---

    private WbxmlText text() {
        if (parser.event != CHARACTERS) {
            throw new IllegalStateException("not at CHARACTERS (event " + parser.event + ")");
        }
        return parser.text();
    }

    @Override
    public String getText() {
        return text().string();
    }

    @Override
    public char[] getTextCharacters() {
        return text().array();
    }

    @Override
    public int getTextCharacters(int sourceStart, char[] target, int targetStart, int length) {
        char[] chars = text().array();
        int count = Math.max(0, Math.min(length, chars.length - sourceStart));
        System.arraycopy(chars, sourceStart, target, targetStart, count);
        return count;
    }

    @Override
    public int getTextStart() {
        text();
        return 0;
    }

    @Override
    public int getTextLength() {
        return text().string().length();
    }

    @Override
    public boolean isWhiteSpace() {
        if (parser.event != CHARACTERS) {
            return false;
        }
        String s = parser.text().string();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    // --- document ---

    @Override
    public Location getLocation() {
        WbxmlDocType type = parser.rootType();
        return new WbxmlException.WbxmlLocation(parser.eventOffset, type == null ? null : type.fpi);
    }
}
