package meshchat.syncml.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * {@code text/calendar} 2.0 (iCalendar, RFC 5545) holding one VJOURNAL: DESCRIPTION is the text,
 * SUMMARY the subject, DTSTART the date. Written: PRODID, UID (the note's, else one derived from
 * text and date), DTSTAMP, DTSTART, SUMMARY, DESCRIPTION; TEXT escapes (3.3.11) and folding at 75
 * octets (3.1). Read: those, leniently (LF line ends, QUOTED-PRINTABLE from 1.0-minded writers);
 * the rest (CATEGORIES, CLASS, STATUS, VALARM, TZID zones: times are taken as UTC) is lost.
 */
public final class ICalendarJournal implements NoteFormat {
    static final String TYPE = "text/calendar";
    static final String PRODID = "-//MeshChat//meshchat-syncml//EN";

    ICalendarJournal() {
    }

    @Override
    public String contentType() {
        return TYPE;
    }

    @Override
    public List<String> versions() {
        return List.of("2.0");
    }

    @Override
    public String encode(Note note) {
        String crlf = MimeDir.CRLF;
        StringBuilder out = new StringBuilder(note.body().length() + 300);
        out.append("BEGIN:VCALENDAR").append(crlf).append("VERSION:2.0").append(crlf);
        out.append("PRODID:").append(PRODID).append(crlf).append("BEGIN:VJOURNAL").append(crlf);
        MimeDir.writeText(out, "UID", note.uid() != null ? note.uid() : derivedUid(note));
        out.append("DTSTAMP:").append(NoteDates.format(note.epoch() == null ? 0 : note.epoch())).append(crlf);
        if (note.epoch() != null) {
            out.append("DTSTART:").append(NoteDates.format(note.epoch())).append(crlf);
        }
        if (!note.subject().isEmpty()) {
            MimeDir.writeText(out, "SUMMARY", note.subject());
        }
        MimeDir.writeText(out, "DESCRIPTION", note.body());
        return out.append("END:VJOURNAL").append(crlf).append("END:VCALENDAR").append(crlf).toString();
    }

    /** RFC 5545 requires a UID: the same note always gets the same one. */
    static String derivedUid(Note note) {
        return "meshchat-" + UUID.nameUUIDFromBytes((note.epoch() + "\n" + note.body()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Note decode(String object) throws MalformedNoteException {
        return Journal.decode(TYPE, object);
    }
}
