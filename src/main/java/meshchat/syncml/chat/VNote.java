package meshchat.syncml.chat;

import java.util.List;

/**
 * {@code text/x-vnote} 1.1 (IrMC vNote): BODY is the text, SUMMARY the subject, DCREATED the
 * date. Written: VERSION, SUMMARY (first line), BODY, DCREATED and LAST-MODIFIED, values plain or
 * UTF-8 quoted-printable. Read: any CHARSET Java knows, QUOTED-PRINTABLE/BASE64/8BIT; the other
 * properties (CATEGORIES, CLASS, X-IRMC-LUID, ...) are ignored, so they are lost.
 */
public final class VNote implements NoteFormat {
    static final String TYPE = "text/x-vnote";

    VNote() {
    }

    @Override
    public String contentType() {
        return TYPE;
    }

    @Override
    public List<String> versions() {
        return List.of("1.1");
    }

    @Override
    public String encode(Note note) {
        StringBuilder out = new StringBuilder(note.body().length() + 200);
        out.append("BEGIN:VNOTE").append(MimeDir.CRLF).append("VERSION:1.1").append(MimeDir.CRLF);
        if (!note.subject().isEmpty()) {
            MimeDir.write21(out, "SUMMARY", note.subject());
        }
        MimeDir.write21(out, "BODY", note.body());
        if (note.epoch() != null) {
            out.append("DCREATED:").append(NoteDates.format(note.epoch())).append(MimeDir.CRLF);
            out.append("LAST-MODIFIED:").append(NoteDates.format(note.epoch())).append(MimeDir.CRLF);
        }
        return out.append("END:VNOTE").append(MimeDir.CRLF).toString();
    }

    @Override
    public Note decode(String object) throws MalformedNoteException {
        MimeDir.Component root = MimeDir.parse(TYPE, object);
        if (!"VNOTE".equals(root.name())) {
            throw new MalformedNoteException(TYPE, "not a vNote: BEGIN:" + MimeDir.clip(root.name()));
        }
        MimeDir.Property body = root.first("BODY");
        MimeDir.Property summary = root.first("SUMMARY");
        MimeDir.Property created = root.first("DCREATED");
        if (created == null) {
            created = root.first("LAST-MODIFIED");
        }
        return new Note(summary == null ? "" : MimeDir.text(TYPE, summary), body == null ? "" : MimeDir.text(TYPE, body),
                created == null ? null : NoteDates.parse(TYPE, created.name(), created.value()), null);
    }
}
