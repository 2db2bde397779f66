package meshchat.syncml.chat;

/**
 * What a note object says, in any {@link NoteFormat}: its subject (SUMMARY, Subject), its body
 * (BODY, DESCRIPTION, Body), its date (DCREATED, DTSTART, Date) as Unix seconds, and a UID for
 * the formats that require one (iCalendar). Line ends in subject and body are LF.
 *
 * @param subject the note's title, {@code ""} when it has none
 * @param body    the note's text, {@code ""} when it has none
 * @param epoch   the note's date in Unix seconds (UTC), or null when the object has none
 * @param uid     the object's unique id (written by iCalendar as UID), or null
 */
public record Note(String subject, String body, Long epoch, String uid) {
    /** Longest subject we write: the first line of the text, cut here (display titles are short). */
    static final int SUBJECT_CHARS = 64;

    public Note {
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
    }

    /**
     * The note we send for a message: the body is the text, the subject its first line (cut to
     * {@value #SUBJECT_CHARS} characters, not inside a surrogate pair), so a phone's note list
     * shows something sensible.
     */
    public static Note of(String text, Long epoch, String uid) {
        String t = text == null ? "" : text;
        int lf = t.indexOf('\n');
        String first = (lf < 0 ? t : t.substring(0, lf)).strip();
        if (first.length() > SUBJECT_CHARS) {
            int cut = SUBJECT_CHARS;
            if (Character.isHighSurrogate(first.charAt(cut - 1))) {
                cut--;
            }
            first = first.substring(0, cut);
        }
        return new Note(first, t, epoch, uid);
    }

    /** The message text of this note: the body, or the subject when the body is blank. */
    public String text() {
        return body.isBlank() ? subject : body;
    }
}
