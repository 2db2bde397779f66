package meshchat.syncml.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Builds the HTML of the operator pages. Every piece of data goes through {@link #text}: device
 * ids, call signs, URLs and errors are hostile input, so markup characters become entities and
 * invisible or reordering characters (bidi overrides, controls) become visible escapes.
 */
final class Html {
    private final StringBuilder b = new StringBuilder(4096);

    /** The start of a page: doctype, viewport for phones, the stylesheet, the title. */
    static Html page(String title) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"stylesheet\" href=\"/static/meshchat.css\"><title>").text(title).raw("</title></head>\n<body>");
        return h;
    }

    Html raw(String markup) {
        b.append(markup);
        return this;
    }

    /** Character data or an attribute value, escaped. */
    Html text(String s) {
        b.append(escape(s == null ? "" : PeerText.printable(s)));
        return this;
    }

    Html text(long n) {
        b.append(n);
        return this;
    }

    Html heading(String title) {
        return raw("<h2>").text(title).raw("</h2>\n");
    }

    /** A table head: each column's title. */
    Html table(String cssClass, String... columns) {
        raw("<div class=\"scroll\"><table class=\"").text(cssClass).raw("\"><thead><tr>");
        for (String c : columns) {
            raw("<th>").text(c).raw("</th>");
        }
        return raw("</tr></thead><tbody>\n");
    }

    /** One row; each cell escaped. */
    Html row(Object... cells) {
        raw("<tr>");
        for (Object c : cells) {
            raw("<td>").text(String.valueOf(c)).raw("</td>");
        }
        return raw("</tr>\n");
    }

    Html endTable() {
        return raw("</tbody></table></div>\n");
    }

    String end() {
        return b.append("</body></html>\n").toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String time(Instant t) {
        return t == null ? "never" : t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
    }
}
