package meshchat.syncml.chat;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * {@code text/x-s4j-sifn}, the Funambol / Sync4j note XML (SIF-N): a {@code <note>} with
 * {@code Subject}, {@code Body} and {@code Date}. Written: SIFVersion 1.1, Subject (first line),
 * Body, Date in UTC. Read with a hardened StAX reader: no DTD (a DOCTYPE is refused), no external
 * entities, bounded size, depth and element count. Categories, Color and the window geometry
 * (Height, Left, Top, Width) are lost.
 */
public final class SifNote implements NoteFormat {
    static final String TYPE = "text/x-s4j-sifn";
    private static final int MAX_DEPTH = 16;
    private static final int MAX_ELEMENTS = 1_000;
    private static final XMLInputFactory INPUT = hardened();

    SifNote() {
    }

    private static XMLInputFactory hardened() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external resources are never loaded: " + systemId);
        });
        return f;
    }

    @Override
    public String contentType() {
        return TYPE;
    }

    @Override
    public List<String> versions() {
        return List.of("1.1", "1.0");
    }

    @Override
    public String encode(Note note) {
        StringBuilder out = new StringBuilder(note.body().length() + 200);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<note><SIFVersion>1.1</SIFVersion>");
        out.append("<Subject>");
        escape(out, note.subject());
        out.append("</Subject><Body>");
        escape(out, note.body());
        out.append("</Body>");
        if (note.epoch() != null) {
            out.append("<Date>").append(NoteDates.format(note.epoch())).append("</Date>");
        }
        return out.append("</note>").toString();
    }

    /** XML text escapes; CR as a reference, since XML parsers turn a literal one into LF. */
    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '\r': out.append("&#13;"); break;
                default: out.append(c);
            }
        }
    }

    @Override
    public Note decode(String object) throws MalformedNoteException {
        if (object == null || object.isBlank()) {
            throw new MalformedNoteException(TYPE, "empty object");
        }
        if (object.length() > MimeDir.MAX_OBJECT_CHARS) {
            throw new MalformedNoteException(TYPE, "object of " + object.length() + " characters (at most "
                    + MimeDir.MAX_OBJECT_CHARS + ")");
        }
        String subject = null;
        String body = null;
        String date = null;
        XMLStreamReader r = null;
        try {
            r = INPUT.createXMLStreamReader(new StringReader(object));
            int depth = 0;
            int elements = 0;
            String field = null; // the child of <note> being read
            StringBuilder text = new StringBuilder();
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.DTD) {
                    throw new MalformedNoteException(TYPE, "a DOCTYPE is not allowed");
                }
                if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new MalformedNoteException(TYPE, "undefined entity &" + MimeDir.clip(r.getLocalName()) + ";");
                }
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (++elements > MAX_ELEMENTS || depth > MAX_DEPTH) {
                        throw new MalformedNoteException(TYPE, "more than " + MAX_ELEMENTS + " elements or nested deeper than "
                                + MAX_DEPTH);
                    }
                    String name = r.getLocalName();
                    if (depth == 1 && !"note".equalsIgnoreCase(name)) {
                        throw new MalformedNoteException(TYPE, "the root element is <" + MimeDir.clip(name) + ">, not <note>");
                    }
                    if (depth == 2) {
                        field = name.toLowerCase(Locale.ROOT);
                        text.setLength(0);
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2) {
                        if ("subject".equals(field) && subject == null) {
                            subject = text.toString();
                        } else if ("body".equals(field) && body == null) {
                            body = text.toString();
                        } else if ("date".equals(field) && date == null) {
                            date = text.toString();
                        }
                        field = null;
                    }
                    depth--;
                } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                        || ev == XMLStreamConstants.SPACE) && depth == 2) {
                    text.append(r.getText());
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new MalformedNoteException(TYPE, "not well-formed XML: " + MimeDir.clip(m.replaceAll("\\s+", " ")));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing was opened that needs closing
                }
            }
        }
        Long epoch = date == null || date.isBlank() ? null : NoteDates.parse(TYPE, "Date", date);
        return new Note(subject == null ? "" : MimeDir.lf(subject), body == null ? "" : MimeDir.lf(body), epoch, null);
    }
}
