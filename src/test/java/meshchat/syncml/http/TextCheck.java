package meshchat.syncml.http;

/** The text rule, restated independently of chat.TextRule, for the fuzz tests to check against. */
final class TextCheck {

    private TextCheck() {
    }

    /** The first character that breaks the rule (described), or null. One-line fields also refuse TAB and LF. */
    static String badChar(String s, boolean oneLine) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowedControl = !oneLine && (c == '\t' || c == '\n');
            if ((c < 0x20 && !allowedControl) || (c >= 0x7F && c <= 0x9F)) {
                return String.format("control U+%04X at %d", (int) c, i);
            }
            if (c == '\uFFFE' || c == '\uFFFF') {
                return String.format("noncharacter U+%04X at %d", (int) c, i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return String.format("lone high surrogate U+%04X at %d", (int) c, i);
            }
            if (Character.isLowSurrogate(c)) {
                return String.format("lone low surrogate U+%04X at %d", (int) c, i);
            }
        }
        return null;
    }

    static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        s.chars().limit(300).forEach(c -> b.append(c < 0x20 || c >= 0x7F ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.append(s.length() > 300 ? "...\"" : "\"").toString();
    }
}
