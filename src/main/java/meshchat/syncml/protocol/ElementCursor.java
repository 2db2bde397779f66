package meshchat.syncml.protocol;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Walks a message's elements for {@link SyncMLReader}: to the next child (of a namespace), a leaf's
 * text, past an element and all it holds. Every step goes through the {@link NamespaceNormalizingReader},
 * which bounds the depth and counts the elements.
 */
final class ElementCursor {
    private static final String SYNCML = NamespaceNormalizingReader.SYNCML;
    private static final String METINF = NamespaceNormalizingReader.METINF;

    final NamespaceNormalizingReader in;

    ElementCursor(NamespaceNormalizingReader in) {
        this.in = in;
    }

    /** The current element's local name (at its start tag). */
    String name() {
        return in.getLocalName();
    }

    /** The current element's namespace, as normalized (at its start tag). */
    String namespace() {
        return in.getNamespaceURI();
    }

    /**
     * Moves to the next child in the SyncML namespace, skipping others whole: true at its start tag,
     * false at the parent's end tag.
     */
    boolean syncMlChild() throws XMLStreamException {
        return childIn(SYNCML);
    }

    /** As {@link #syncMlChild} for MetInf children (of Meta and Anchor). */
    boolean metInfChild() throws XMLStreamException {
        return childIn(METINF);
    }

    boolean childIn(String namespace) throws XMLStreamException {
        while (child()) {
            if (namespace.equals(in.getNamespaceURI())) {
                return true;
            }
            skip();
        }
        return false;
    }

    /** Moves to the next child of the current element: true at its start tag, false at the parent's end tag. */
    boolean child() throws XMLStreamException {
        while (true) {
            int ev = in.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("the document ends inside an element");
            }
            // text between elements, comments and processing instructions are not content here
        }
    }

    /** A leaf's text, its own only (an element inside it is skipped with its text); ends on its end tag. */
    String text() throws XMLStreamException {
        StringBuilder sb = null;
        String first = null;
        while (true) {
            int ev = in.next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (first == null) {
                        first = in.getText();
                    } else {
                        if (sb == null) {
                            sb = new StringBuilder(first);
                        }
                        sb.append(in.getText());
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> skip();
                case XMLStreamConstants.END_ELEMENT -> {
                    return sb != null ? sb.toString() : first != null ? first : "";
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the document ends inside an element");
                default -> {
                    // comments and processing instructions are not text
                }
            }
        }
    }

    /** An empty element whose presence is the value (NoResp, Final, MoreData...): its content is skipped. */
    boolean flag() throws XMLStreamException {
        skip();
        return true;
    }

    /** Skips the current element (at its start tag) with all it holds; ends on its end tag. */
    void skip() throws XMLStreamException {
        for (int depth = 1; depth > 0; ) {
            int ev = in.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("the document ends inside an element");
            }
        }
    }

    /** Numbers in SyncML are decimal text; an unreadable one counts as absent rather than failing the message. */
    static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
