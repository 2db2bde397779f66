package meshchat.syncml.chat;

import java.util.List;

/** {@code text/plain}: the object is the text, nothing else (no subject, no date). */
public final class PlainNote implements NoteFormat {
    PlainNote() {
    }

    @Override
    public String contentType() {
        return MemoText.CONTENT_TYPE;
    }

    @Override
    public List<String> versions() {
        return List.of("1.0", "1.1");
    }

    @Override
    public String encode(Note note) {
        return note.text();
    }

    @Override
    public Note decode(String object) throws MalformedNoteException {
        String s = object == null ? "" : object;
        if (s.length() > MimeDir.MAX_OBJECT_CHARS) {
            throw new MalformedNoteException(contentType(), "object of " + s.length() + " characters (at most "
                    + MimeDir.MAX_OBJECT_CHARS + ")");
        }
        return new Note("", MimeDir.lf(s), null, null);
    }
}
