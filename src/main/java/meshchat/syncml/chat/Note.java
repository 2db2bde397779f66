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

    public Note {
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
    }

    /**
     * The note we send for a message: the body is the text, the subject its first line, exactly
     * (the convention of Evolution and libsynthesis, whose memo scripts strip a SUMMARY that is
     * the first line of the DESCRIPTION before writing a plain-text memo; any other subject would
     * be written twice).
     */
    public static Note of(String text, Long epoch, String uid) {
        String t = text == null ? "" : text;
        int lf = t.indexOf('\n');
        return new Note(lf < 0 ? t : t.substring(0, lf), t, epoch, uid);
    }

    /**
     * The message text of this note. The subject is the title of the body when the body's first
     * line starts with it (ours, Outlook's, libsynthesis'); then the body is the text. A subject
     * that is something else (an Evolution memo's own title) goes first, on a line of its own:
     * nothing the user wrote is dropped. Without a body the subject is the text.
     */
    public String text() {
        if (body.isBlank()) {
            return subject;
        }
        String title = subject.strip();
        if (title.isEmpty()) {
            return body;
        }
        int lf = body.indexOf('\n');
        String first = lf < 0 ? body : body.substring(0, lf);
        return first.strip().startsWith(title) ? body : subject + "\n" + body;
    }
}
