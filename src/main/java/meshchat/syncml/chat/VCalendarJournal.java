package meshchat.syncml.chat;

import java.util.List;

/**
 * {@code text/x-vcalendar} 1.0 (vCalendar) holding one VJOURNAL, as libsynthesis-based clients
 * send memos: DESCRIPTION is the text, SUMMARY the subject, DTSTART the date. Values are written
 * in the vCard 2.1 way (plain, or UTF-8 quoted-printable with soft line breaks); CHARSET and
 * QUOTED-PRINTABLE/BASE64 are read. Other properties are lost, as for {@link ICalendarJournal}.
 */
public final class VCalendarJournal implements NoteFormat {
    static final String TYPE = "text/x-vcalendar";

    VCalendarJournal() {
    }

    @Override
    public String contentType() {
        return TYPE;
    }

    @Override
    public List<String> versions() {
        return List.of("1.0");
    }

    @Override
    public String encode(Note note) {
        String crlf = MimeDir.CRLF;
        StringBuilder out = new StringBuilder(note.body().length() + 200);
        out.append("BEGIN:VCALENDAR").append(crlf).append("VERSION:1.0").append(crlf);
        out.append("BEGIN:VJOURNAL").append(crlf);
        if (note.uid() != null) {
            MimeDir.write21(out, "UID", note.uid());
        }
        if (note.epoch() != null) {
            out.append("DTSTART:").append(NoteDates.format(note.epoch())).append(crlf);
        }
        if (!note.subject().isEmpty()) {
            MimeDir.write21(out, "SUMMARY", note.subject());
        }
        MimeDir.write21(out, "DESCRIPTION", note.body());
        return out.append("END:VJOURNAL").append(crlf).append("END:VCALENDAR").append(crlf).toString();
    }

    @Override
    public Note decode(String object) throws MalformedNoteException {
        return Journal.decode(TYPE, object);
    }
}
