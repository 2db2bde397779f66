package meshchat.syncml.chat;

/**
 * The one rule for the text of a message and its short fields, applied by {@link Message} to
 * everything it is made of, whichever way the message came in (SyncML, JSON API, v2 import,
 * v2 {@code send_message}, peers). It guarantees that every stored message can be written as
 * XML 1.0 (our XML codec writes item data as CDATA), as WBXML (opaque UTF-8) and as a v2 line.
 *
 * <h2>Message text</h2>
 * Cleaned, not refused: a message that arrives from a v2 node or a peer cannot be sent back
 * for correction, and refusing it would lose the rest of it; the characters cleaned away are
 * ones no chat client can show. Character by character (code points):
 * <ul>
 *   <li>line ends become LF: CRLF, lone CR, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH
 *       SEPARATOR (U+2029) each become one LF; TAB and LF are kept;</li>
 *   <li>dropped (they are invisible, and all but DEL and the C1 range are illegal in XML 1.0):
 *       the other C0 controls U+0000..U+001F, DEL U+007F and the other C1 controls
 *       U+0080..U+009F;</li>
 *   <li>replaced by U+FFFD (something was there but cannot be represented): a lone surrogate
 *       (half of a UTF-16 pair; it has no UTF-8 form, so WBXML cannot carry it) and the 66
 *       noncharacters U+FDD0..U+FDEF and U+xFFFE/U+xFFFF (U+FFFE and U+FFFF are illegal in
 *       XML 1.0; the others are reserved for a program's internal use);</li>
 *   <li>everything else is kept as given, including surrogate pairs, leading and trailing white
 *       space (memos trim theirs first, see {@link MemoText}).</li>
 * </ul>
 * Refused, with a one-line reason ({@link IllegalArgumentException}): text that is blank after
 * cleaning, and text longer than {@link #MAX_TEXT_CHARS} after cleaning. One limit for every
 * way in: 4,000,000 UTF-16 chars, which SyncML clients reach only as large objects; the JSON
 * API and v2 ports meet their own, smaller request body limits first.
 *
 * <h2>Short fields (call sign, node, platform, channel)</h2>
 * One line: TAB, LF, CR, NEL, U+2028 and U+2029 become a space, other controls are dropped,
 * lone surrogates and noncharacters become U+FFFD, then white space at both ends is stripped.
 * Refused when longer than {@link #MAX_FIELD_CHARS} (what the store keeps). May be empty.
 *
 * <p>Cleaning is idempotent: {@code clean(clean(s)).equals(clean(s))}, and text that already
 * follows the rule comes back as the same instance.
 */
public final class TextRule {
    /** Longest message text, in UTF-16 chars, after cleaning. */
    public static final int MAX_TEXT_CHARS = 4_000_000;
    /** Longest short field, in UTF-16 chars, after cleaning (the store's column width). */
    public static final int MAX_FIELD_CHARS = 255;

    private TextRule() {
    }

    /** The message text under the rule; throws IllegalArgumentException when blank or too long. */
    public static String text(String s) {
        if (s == null) {
            throw new IllegalArgumentException("message text is required");
        }
        String t = clean(s, false);
        if (t.isBlank()) {
            throw new IllegalArgumentException(s.isEmpty() ? "message text must not be empty"
                    : "message text must not be blank (after dropping control characters)");
        }
        if (t.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("message text is too long: " + t.length() + " > "
                    + MAX_TEXT_CHARS + " characters");
        }
        return t;
    }

    /**
     * A short field under the rule ({@code name} only for the error); throws
     * IllegalArgumentException when null or too long.
     */
    public static String field(String name, String s) {
        if (s == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        String t = clean(s, true).strip();
        if (t.length() > MAX_FIELD_CHARS) {
            throw new IllegalArgumentException(name + " is too long: " + t.length() + " > "
                    + MAX_FIELD_CHARS + " characters");
        }
        return t;
    }

    /** Whether nothing but white space is left of the text after cleaning (such text is refused). */
    public static boolean isBlank(String s) {
        return clean(s, false).isBlank();
    }

    /** Whether the text follows the rule as it is (what the store migration looks for). */
    public static boolean isClean(String s) {
        return clean(s, false) == s;
    }

    /**
     * Applies the character rule; returns {@code s} itself when nothing changes.
     *
     * @param oneLine line ends and TAB become a space (short fields) instead of LF
     */
    static String clean(String s, boolean oneLine) {
        int n = s.length();
        int i = 0;
        while (i < n && fine(s, i, oneLine)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                if (isNoncharacter(cp)) {
                    sb.append('\uFFFD');
                } else {
                    sb.append(c).append(s.charAt(i + 1));
                }
                i += 2;
                continue;
            }
            if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                i++; // CRLF is one line end: the LF below
                c = '\n';
            }
            if (c == '\t' || c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                sb.append(oneLine ? ' ' : c == '\t' ? '\t' : '\n');
            } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                // dropped: invisible controls
            } else if (Character.isSurrogate(c) || isNoncharacter(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
            i++;
        }
        return sb.toString();
    }

    /** Whether char i can stay as it is in text of either kind (the fast path). */
    private static boolean fine(String s, int i, boolean oneLine) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0x7F) {
            return true;
        }
        if (c == '\n' || c == '\t') {
            return !oneLine;
        }
        if (c < 0xA0 || c == '\u2028' || c == '\u2029' || isNoncharacter(c)) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    && !isNoncharacter(Character.toCodePoint(c, s.charAt(i + 1)));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        }
        return true;
    }

    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }
}
