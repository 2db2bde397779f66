package meshchat.syncml.protocol.wbxml;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

/**
 * Malformed WBXML. A subclass only so that getLocation() works without the JDK constructor
 * rewriting the message into "ParseError at [row,col]".
 */
final class WbxmlException extends XMLStreamException {
    private static final long serialVersionUID = 1L;

    WbxmlException(String message, int offset, Throwable cause) {
        super(message);
        this.location = new WbxmlLocation(offset, null);
        if (cause != null) {
            initCause(cause);
        }
    }

    /** Byte offset of the offending token in the body. */
    int offset() {
        return location.getCharacterOffset();
    }

    /** StAX location of a WBXML body: only the byte offset is meaningful. */
    record WbxmlLocation(int offset, String publicId) implements Location {
        @Override
        public int getLineNumber() {
            return -1;
        }

        @Override
        public int getColumnNumber() {
            return -1;
        }

        @Override
        public int getCharacterOffset() {
            return offset;
        }

        @Override
        public String getPublicId() {
            return publicId;
        }

        @Override
        public String getSystemId() {
            return null;
        }
    }
}
