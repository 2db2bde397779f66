package meshchat.syncml.chat;

/**
 * The memo encoding of a message (datastore item type text/plain): the item data is the message
 * text and nothing else. Memo clients are not byte-transparent (SyncEvolution's note profile turns
 * LF into CRLF and appends a CRLF on every pass), so text from a memo is normalised: the
 * {@link TextRule} (CRLF and CR become LF, controls dropped, ...), then trailing white space and
 * leading empty lines go. The same normalisation makes slow-sync matching stable.
 */
public final class MemoText {
    public static final String CONTENT_TYPE = "text/plain";
    /**
     * Longest message text we accept from a memo, in characters: the one limit of the
     * {@link TextRule}. Long memos arrive as SyncML large objects; MaxObjSize bounds them in bytes.
     */
    public static final int MAX_LENGTH = TextRule.MAX_TEXT_CHARS;

    private MemoText() {
    }

    /**
     * The text of a memo under the {@link TextRule}, trimmed; {@code ""} when nothing is left
     * (the caller refuses it), possibly longer than {@link #MAX_LENGTH} (the caller refuses that
     * too). Never throws.
     */
    public static String normalize(String data) {
        if (data == null) {
            return "";
        }
        String s = TextRule.clean(data, false);
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        int start = 0;
        while (start < end && s.charAt(start) == '\n') {
            start++;
        }
        return s.substring(start, end);
    }

    /** The item data we send to a memo client for a message. */
    public static String encode(Message m) {
        return m.text();
    }
}
