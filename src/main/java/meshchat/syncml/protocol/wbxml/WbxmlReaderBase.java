package meshchat.syncml.protocol.wbxml;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamReader;

/**
 * The parts of XMLStreamReader that are the same for every WBXML body: SyncML elements carry no
 * attributes (the decoder rejects tags that have any), and there is no XML declaration, DTD or
 * processing instruction to report.
 */
abstract class WbxmlReaderBase implements XMLStreamReader {

    /** The current element; throws IllegalStateException if not at START_ELEMENT or END_ELEMENT. */
    protected abstract WbxmlParser.Element element();

    @Override
    public boolean isStartElement() {
        return getEventType() == START_ELEMENT;
    }

    @Override
    public boolean isEndElement() {
        return getEventType() == END_ELEMENT;
    }

    @Override
    public boolean isCharacters() {
        return getEventType() == CHARACTERS;
    }

    @Override
    public boolean hasText() {
        return getEventType() == CHARACTERS;
    }

    @Override
    public boolean hasName() {
        return getEventType() == START_ELEMENT || getEventType() == END_ELEMENT;
    }

    @Override
    public void close() {
        // the body is a byte array that the caller owns
    }

    @Override
    public int getAttributeCount() {
        element();
        return 0;
    }

    @Override
    public String getAttributeValue(String namespaceURI, String localName) {
        element();
        return null;
    }

    private static IndexOutOfBoundsException noAttribute(int index) {
        return new IndexOutOfBoundsException("SyncML elements have no attributes (index " + index + ")");
    }

    @Override
    public QName getAttributeName(int index) {
        throw noAttribute(index);
    }

    @Override
    public String getAttributeNamespace(int index) {
        throw noAttribute(index);
    }

    @Override
    public String getAttributeLocalName(int index) {
        throw noAttribute(index);
    }

    @Override
    public String getAttributePrefix(int index) {
        throw noAttribute(index);
    }

    @Override
    public String getAttributeType(int index) {
        throw noAttribute(index);
    }

    @Override
    public String getAttributeValue(int index) {
        throw noAttribute(index);
    }

    @Override
    public boolean isAttributeSpecified(int index) {
        throw noAttribute(index);
    }

    @Override
    public String getEncoding() {
        return null; // the XML encoding declaration does not exist in WBXML
    }

    @Override
    public String getVersion() {
        return null;
    }

    @Override
    public boolean isStandalone() {
        return false;
    }

    @Override
    public boolean standaloneSet() {
        return false;
    }

    @Override
    public String getCharacterEncodingScheme() {
        return null;
    }

    @Override
    public String getPITarget() {
        return null;
    }

    @Override
    public String getPIData() {
        return null;
    }
}
