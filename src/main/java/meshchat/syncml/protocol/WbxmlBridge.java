package meshchat.syncml.protocol;

import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/** Where the WBXML StAX adapters plug into the codec. */
final class WbxmlBridge {
    private WbxmlBridge() {
    }

    static XMLStreamReader reader(byte[] body) throws XMLStreamException {
        throw new XMLStreamException("WBXML is not supported by this build");
    }

    static XMLStreamWriter writer(OutputStream out) throws XMLStreamException {
        throw new XMLStreamException("WBXML is not supported by this build");
    }
}
