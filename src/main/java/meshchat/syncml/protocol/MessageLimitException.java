package meshchat.syncml.protocol;

import javax.xml.stream.XMLStreamException;

/**
 * A message stopped while decoding because it holds more than a decode limit allows (commands
 * and items, or elements). Not malformed, just more than we are willing to build a model of:
 * the codec reports it as a {@link MalformedMessageException} whose {@link
 * MalformedMessageException#tooLarge()} is true, and the HTTP layer answers 413.
 */
final class MessageLimitException extends XMLStreamException {
    private static final long serialVersionUID = 1L;

    MessageLimitException(String message) {
        super(message);
    }
}
