package meshchat.syncml.protocol;

import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The text copy of a DevInf ({@link DevInf#xml}), written from the events {@link DevInfReader} reads:
 * every element in document order, CTCap, Ext and unknown ones included, as read (names without
 * prefixes, namespaces as normalized; attributes, comments and processing instructions left out; an
 * element whose name the copy cannot write, which WBXML can send, left out whole; characters XML
 * cannot hold replaced). A copy longer than {@link #MAX_COPY_CHARS} is not kept: real DevInfs are
 * tens of KB.
 */
final class DevInfCopy {
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();
    /** The longest copy kept, in characters; a longer one is left out (null), the DevInf is still read. */
    static final int MAX_COPY_CHARS = 256 * 1024;

    private final StringWriter text = new StringWriter();
    private final XMLStreamWriter out;
    /** The default namespace in force at each open element of the copy. */
    private final Deque<String> namespaces = new ArrayDeque<>();
    /** Depth inside an element left out of the copy (0: copying). */
    private int leftOut;
    private boolean tooLong;

    DevInfCopy() throws XMLStreamException {
        out = OUTPUT.createXMLStreamWriter(text);
    }

    /** The copy, or null when it grew past {@link #MAX_COPY_CHARS}. */
    String text() throws XMLStreamException {
        out.flush();
        return tooLong ? null : text.toString();
    }

    private boolean copying() {
        if (tooLong) {
            return false;
        }
        if (text.getBuffer().length() > MAX_COPY_CHARS) {
            tooLong = true; // bounds what a hostile DevInf (a million empty elements) costs beyond its own model
            return false;
        }
        return leftOut == 0;
    }

    /** An element, in its namespace as the default one, declared where it changes. */
    void start(String name, String namespace) throws XMLStreamException {
        if (!copying() || !isXmlName(name)) {
            leftOut++;
            return;
        }
        String ns = namespace == null ? "" : namespace;
        out.writeStartElement(name);
        if (!ns.equals(namespaces.isEmpty() ? "" : namespaces.peek())) {
            out.writeDefaultNamespace(ns);
        }
        namespaces.push(ns);
    }

    void end() throws XMLStreamException {
        if (leftOut > 0) {
            leftOut--;
        } else if (!tooLong) {
            out.writeEndElement();
            namespaces.pop();
        }
    }

    /**
     * Text, with what XML 1.0 cannot hold replaced: a C0 control character (WBXML can carry one) by a
     * space, which trims as the model's value does; a lone surrogate, U+FFFE or U+FFFF by U+FFFD. A
     * carriage return is written as a reference, which reads back as itself (a raw one reads as LF).
     */
    void text(String s) throws XMLStreamException {
        if (!copying()) {
            return;
        }
        StringBuilder run = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                run.append(c).append(s.charAt(++i));
            } else if (c == '\r') {
                out.writeCharacters(run.toString());
                run.setLength(0);
                out.writeEntityRef("#13");
            } else if (c < 0x20) {
                run.append(c == '\t' || c == '\n' ? c : ' ');
            } else {
                run.append(Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        out.writeCharacters(run.toString());
    }

    /** A name the copy can hold: ASCII letters, digits, '_', '-', '.', not beginning with a digit, '-' or '.'. */
    static boolean isXmlName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            boolean other = (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!letter && !(other && i > 0)) {
                return false;
            }
        }
        return true;
    }
}
