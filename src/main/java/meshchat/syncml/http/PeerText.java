package meshchat.syncml.http;

/**
 * Makes peer text (a URL, an error a peer provoked) safe to show: on the plain-text status page
 * and as a Prometheus label value. A peer's reply can put anything into an error line.
 */
final class PeerText {
    private PeerText() {
    }

    /**
     * Backslash doubled; control, format (bidi overrides), line and paragraph separators,
     * surrogate, private-use and unassigned characters as {@code \}{@code uXXXX}: one line,
     * read in the order it is written.
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\\') {
                b.append("\\\\");
            } else if (hidden(cp)) {
                b.append(cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** A label value in the Prometheus text format: printable, then {@code \ " newline} escaped as the format says. */
    static String labelValue(String s) {
        return printable(s).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static boolean hidden(int cp) {
        if (Character.isISOControl(cp)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return true;
            default:
                return false;
        }
    }
}
