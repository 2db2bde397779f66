package meshchat.syncml.chat;

/**
 * The memo encoding of a message (datastore item type text/plain): the item data is the message
 * text and nothing else. Memo clients are not byte-transparent (SyncEvolution's note profile turns
 * LF into CRLF and appends a CRLF on every pass), so text from a memo is normalised: CRLF and CR
 * become LF, trailing white space goes. The same normalisation makes slow-sync matching stable.
 */
public final class MemoText {
    public static final String CONTENT_TYPE = "text/plain";
    /**
     * Longest message text we accept from a memo, in characters (v2 has no limit; we need one).
     * Long memos arrive as SyncML large objects; MaxObjSize bounds them in bytes as well.
     */
    public static final int MAX_LENGTH = 4_000_000;

    private MemoText() {
    }

    public static String normalize(String data) {
        if (data == null) {
            return "";
        }
        String s = data.replace("\r\n", "\n").replace('\r', '\n');
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        int start = 0;
        while (start < end && s.charAt(start) == '\n') {
            start++;
        }
        return stripControls(meshchat.syncml.protocol.RawText.sanitize(s.substring(start, end)));
    }

    /** Controls other than TAB and LF cannot travel in XML 1.0 and have no place in chat. */
    private static String stripControls(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF;
            if (bad && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null && !bad) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** The item data we send to a memo client for a message. */
    public static String encode(Message m) {
        return m.text();
    }
}
