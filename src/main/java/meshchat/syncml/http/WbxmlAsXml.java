package meshchat.syncml.http;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import meshchat.syncml.protocol.wbxml.Wbxml;

/**
 * A WBXML body as indented XML text, event by event from our WBXML reader (not through the
 * SyncML model, so nothing the model drops is lost): for reading message dumps. Bytes that are
 * not UTF-8 (binary data, a chunk cut inside a character) show as U+FFFD; the raw dump keeps them.
 */
final class WbxmlAsXml {
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private WbxmlAsXml() {
    }

    static String decode(byte[] wbxml) throws XMLStreamException {
        XMLStreamReader in = Wbxml.newReader(wbxml);
        StringWriter text = new StringWriter();
        XMLStreamWriter out = OUTPUT.createXMLStreamWriter(text);
        out.writeStartDocument("UTF-8", "1.0");
        int depth = 0;
        boolean lastWasEnd = false;
        while (in.hasNext()) {
            switch (in.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    out.writeCharacters("\n" + "  ".repeat(depth++));
                    String ns = in.getNamespaceURI();
                    out.writeStartElement("", in.getLocalName(), ns == null ? "" : ns);
                    for (int i = 0; i < in.getNamespaceCount(); i++) {
                        if (in.getNamespacePrefix(i) == null || in.getNamespacePrefix(i).isEmpty()) {
                            out.writeDefaultNamespace(in.getNamespaceURI(i));
                        }
                    }
                    if (ns != null && !ns.isEmpty() && in.getNamespaceCount() == 0 && depth == 1) {
                        out.writeDefaultNamespace(ns);
                    }
                    for (int i = 0; i < in.getAttributeCount(); i++) {
                        out.writeAttribute(in.getAttributeLocalName(i), readable(in.getAttributeValue(i)));
                    }
                    lastWasEnd = false;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    if (lastWasEnd) {
                        out.writeCharacters("\n" + "  ".repeat(depth));
                    }
                    out.writeEndElement();
                    lastWasEnd = true;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> out.writeCharacters(readable(in.getText()));
                default -> {
                    // no comments or processing instructions in WBXML SyncML
                }
            }
        }
        out.writeCharacters("\n");
        out.writeEndDocument();
        out.close();
        return text.toString();
    }

    /** Lone surrogates (bytes that were not UTF-8) and characters XML 1.0 cannot carry become U+FFFD. */
    private static String readable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
