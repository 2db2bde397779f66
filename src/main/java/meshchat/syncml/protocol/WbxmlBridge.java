package meshchat.syncml.protocol;

import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import meshchat.syncml.protocol.wbxml.Wbxml;

/** Where the WBXML StAX adapters plug into the codec. */
final class WbxmlBridge {
    private WbxmlBridge() {
    }

    static XMLStreamReader reader(byte[] body) throws XMLStreamException {
        return Wbxml.newReader(body);
    }

    static XMLStreamWriter writer(OutputStream out) throws XMLStreamException {
        return Wbxml.newWriter(out);
    }
}
