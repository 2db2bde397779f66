package meshchat.syncml.chat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The content-line syntax shared by vNote 1.1 and vCalendar 1.0 (the vCard 2.1 family: CHARSET
 * and ENCODING parameters, quoted-printable with soft line breaks) and iCalendar 2.0 (RFC 5545
 * section 3.1: folding, TEXT escapes). One reader serves all three, leniently: CRLF, LF or CR line
 * ends; a fold is a line end followed by one space or tab (removed with it); a quoted-printable
 * value continues after a line ending in "=" whatever the next line starts with.
 *
 * <p>Bounded against hostile input: {@link #MAX_OBJECT_CHARS}, {@link #MAX_LINES} physical
 * lines, {@link #MAX_PROPERTIES} properties, components nested at most {@link #MAX_DEPTH} deep.
 */
final class MimeDir {
    /** Longest object: room for the longest message text quoted-printable (4 M ASCII chars, ~4.1 M). */
    static final int MAX_OBJECT_CHARS = 16_000_000;
    /** Physical lines, folds and soft line breaks included (a 4 M text is ~55,000 QP lines). */
    static final int MAX_LINES = 400_000;
    /** Properties (unfolded lines) in one object: a note has a handful. */
    static final int MAX_PROPERTIES = 1_000;
    /** BEGIN nesting (VCALENDAR, VJOURNAL, maybe VALARM...). */
    static final int MAX_DEPTH = 8;
    /** Parameters of one property (BODY;CHARSET=...;ENCODING=... has two). */
    static final int MAX_PARAMS = 32;
    /** Longest physical line we write (RFC 5545 3.1: 75 octets; vCard 2.1 QP: 76 chars with "="). */
    static final int LINE = 75;
    static final String CRLF = "\r\n";

    private MimeDir() {
    }

    /** One unfolded content line: NAME;PARAM=VALUE...:value (name and parameter names upper case). */
    record Property(String name, Map<String, String> params, String value) {
        String param(String n) {
            return params.get(n);
        }
    }

    /** BEGIN:NAME ... END:NAME with its properties and nested components, in order. */
    record Component(String name, List<Property> properties, List<Component> children) {
        Property first(String n) {
            for (Property p : properties) {
                if (p.name.equals(n)) {
                    return p;
                }
            }
            return null;
        }

        List<Component> children(String n) {
            List<Component> out = new ArrayList<>();
            for (Component c : children) {
                if (c.name.equals(n)) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** The one root component of an object; blank lines around it are allowed, nothing else. */
    static Component parse(String type, String object) throws MalformedNoteException {
        if (object == null || object.isBlank()) {
            throw new MalformedNoteException(type, "empty object");
        }
        if (object.length() > MAX_OBJECT_CHARS) {
            throw new MalformedNoteException(type, "object of " + object.length() + " characters (at most "
                    + MAX_OBJECT_CHARS + ")");
        }
        List<String> logical = unfold(type, object);
        if (logical.size() > MAX_PROPERTIES) {
            throw new MalformedNoteException(type, logical.size() + " properties (at most " + MAX_PROPERTIES + ")");
        }
        Deque<Component> open = new ArrayDeque<>();
        Component root = null;
        for (String line : logical) {
            Property p = property(type, line);
            if ("BEGIN".equals(p.name)) {
                String name = p.value.trim().toUpperCase(Locale.ROOT);
                if (root != null && open.isEmpty()) {
                    throw new MalformedNoteException(type, "more than one object: BEGIN:" + clip(name) + " after END:"
                            + root.name);
                }
                if (open.size() >= MAX_DEPTH) {
                    throw new MalformedNoteException(type, "components nested deeper than " + MAX_DEPTH);
                }
                Component c = new Component(name, new ArrayList<>(), new ArrayList<>());
                if (open.isEmpty()) {
                    root = c;
                } else {
                    open.peek().children.add(c);
                }
                open.push(c);
            } else if ("END".equals(p.name)) {
                String name = p.value.trim().toUpperCase(Locale.ROOT);
                if (open.isEmpty() || !open.peek().name.equals(name)) {
                    throw new MalformedNoteException(type, "END:" + clip(name) + " without its BEGIN");
                }
                open.pop();
            } else if (open.isEmpty()) {
                throw new MalformedNoteException(type, "property " + clip(p.name) + " outside BEGIN/END");
            } else {
                open.peek().properties.add(p);
            }
        }
        if (root == null) {
            throw new MalformedNoteException(type, "no BEGIN line");
        }
        if (!open.isEmpty()) {
            throw new MalformedNoteException(type, "no END:" + open.peek().name);
        }
        return root;
    }

    /** Physical lines joined into content lines (folds and quoted-printable soft line breaks). */
    private static List<String> unfold(String type, String s) throws MalformedNoteException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        int qp = -1; // for cur: -1 not known yet, 0 no, 1 quoted-printable
        int colonFrom = 0; // cur has no ':' before this index (each char is searched once)
        int lines = 0;
        int pos = 0;
        int n = s.length();
        while (pos < n) {
            int end = pos;
            while (end < n && s.charAt(end) != '\r' && s.charAt(end) != '\n') {
                end++;
            }
            int next = end < n && s.charAt(end) == '\r' && end + 1 < n && s.charAt(end + 1) == '\n' ? end + 2 : end + 1;
            if (++lines > MAX_LINES) {
                throw new MalformedNoteException(type, "more than " + MAX_LINES + " lines");
            }
            if (cur != null && qp < 0) {
                if (cur.indexOf(":", colonFrom) >= 0) {
                    qp = isQuotedPrintable(cur) ? 1 : 0;
                } else {
                    colonFrom = cur.length();
                }
            }
            if (cur != null && qp == 1 && cur.length() > 0 && cur.charAt(cur.length() - 1) == '=') {
                cur.setLength(cur.length() - 1); // soft line break: the value goes on
                cur.append(s, pos, end);
            } else if (cur != null && end > pos && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                cur.append(s, pos + 1, end); // fold
            } else {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
                if (end > pos) {
                    cur = new StringBuilder().append(s, pos, end);
                    qp = -1;
                    colonFrom = 0;
                }
            }
            pos = next;
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    private static boolean isQuotedPrintable(CharSequence line) {
        int colon = line.toString().indexOf(':');
        return line.subSequence(0, colon).toString().toUpperCase(Locale.ROOT).contains("QUOTED-PRINTABLE");
    }

    /** NAME;PARAM=VALUE;BARE:value; a group prefix ("A.BODY") is dropped. */
    static Property property(String type, String line) throws MalformedNoteException {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != ';' && line.charAt(i) != ':') {
            i++;
        }
        if (i == n) {
            throw new MalformedNoteException(type, "line without ':': " + clip(line));
        }
        String name = line.substring(0, i).trim().toUpperCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('.') + 1);
        if (name.isEmpty() || !name.chars().allMatch(c -> c == '-' || c == '_' || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9'))) {
            throw new MalformedNoteException(type, "not a property name: " + clip(line.substring(0, i)));
        }
        Map<String, String> params = new HashMap<>();
        int count = 0;
        while (line.charAt(i) == ';') {
            int start = ++i;
            boolean quoted = false;
            while (i < n && (quoted || (line.charAt(i) != ';' && line.charAt(i) != ':'))) {
                if (line.charAt(i) == '"') {
                    quoted = !quoted;
                }
                i++;
            }
            if (i == n) {
                throw new MalformedNoteException(type, "parameters of " + name + " never end with ':'");
            }
            if (++count > MAX_PARAMS) {
                throw new MalformedNoteException(type, name + " has more than " + MAX_PARAMS + " parameters");
            }
            param(params, line.substring(start, i));
        }
        return new Property(name, params, line.substring(i + 1));
    }

    private static void param(Map<String, String> params, String p) {
        int eq = p.indexOf('=');
        if (eq < 0) {
            String bare = p.trim().toUpperCase(Locale.ROOT); // vCard 2.1 allows "QUOTED-PRINTABLE" alone
            boolean encoding = bare.equals("QUOTED-PRINTABLE") || bare.equals("BASE64") || bare.endsWith("BIT");
            params.putIfAbsent(encoding ? "ENCODING" : bare, encoding ? bare : "");
            return;
        }
        String v = p.substring(eq + 1).trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        params.putIfAbsent(p.substring(0, eq).trim().toUpperCase(Locale.ROOT), v);
    }

    /** A TEXT value: transfer encoding and charset undone, escapes undone, line ends LF. */
    static String text(String type, Property p) throws MalformedNoteException {
        String v = p.value;
        String enc = p.param("ENCODING");
        if (enc != null) {
            switch (enc.toUpperCase(Locale.ROOT)) {
                case "QUOTED-PRINTABLE":
                    v = charset(type, p, QuotedPrintable.decode(v));
                    break;
                case "BASE64":
                case "B":
                    try {
                        v = charset(type, p, Base64.getDecoder().decode(v.replaceAll("\\s+", "")));
                    } catch (IllegalArgumentException e) {
                        throw new MalformedNoteException(type, p.name + " is not base64: " + e.getMessage());
                    }
                    break;
                case "7BIT":
                case "8BIT":
                    break;
                default:
                    throw new MalformedNoteException(type, p.name + " has an unknown ENCODING " + clip(enc));
            }
        }
        return lf(unescape(v));
    }

    /** Bytes as the CHARSET parameter says; without one UTF-8 when valid, else ISO-8859-1. */
    private static String charset(String type, Property p, byte[] bytes) throws MalformedNoteException {
        String name = p.param("CHARSET");
        if (name == null || name.isBlank()) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        }
        try {
            return new String(bytes, Charset.forName(name.trim()));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MalformedNoteException(type, p.name + " has an unknown CHARSET " + clip(name));
        }
    }

    /** Undoes \\ \; \, \n \N (RFC 5545 3.3.11, also written by vCard 2.1 family writers); other backslashes stay. */
    static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char e = v.charAt(i + 1);
                if (e == '\\' || e == ';' || e == ',') {
                    sb.append(e);
                    i++;
                    continue;
                }
                if (e == 'n' || e == 'N') {
                    sb.append('\n');
                    i++;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** CRLF and lone CR become LF. */
    static String lf(String s) {
        return s.indexOf('\r') < 0 ? s : s.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * A vCard 2.1 family property: plain when short printable ASCII, else UTF-8 quoted-printable
     * with soft line breaks, line ends as =0D=0A. Backslash and semicolon are escaped.
     */
    static void write21(StringBuilder out, String name, String value) {
        String v = lf(value).replace("\\", "\\\\").replace(";", "\\;");
        boolean plain = name.length() + 1 + v.length() <= LINE && (v.isEmpty()
                || (v.charAt(0) != ' ' && v.charAt(v.length() - 1) != ' '));
        for (int i = 0; plain && i < v.length(); i++) {
            char c = v.charAt(i);
            plain = c >= 0x20 && c < 0x7f && c != '=';
        }
        if (plain) {
            out.append(name).append(':').append(v).append(CRLF);
            return;
        }
        String head = name + ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:";
        out.append(head);
        QuotedPrintable.encode(out, v.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), head.length());
        out.append(CRLF);
    }

    /** An RFC 5545 property: TEXT escapes, folded at 75 octets, never inside a character. */
    static void writeText(StringBuilder out, String name, String value) {
        String v = lf(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
        writeFolded(out, name + ":" + v);
    }

    static void writeFolded(StringBuilder out, String line) {
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + len > LINE) {
                out.append(CRLF).append(' ');
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += len;
            i += Character.charCount(cp);
        }
        out.append(CRLF);
    }

    static String clip(String s) {
        String one = s.replaceAll("[\\r\\n\\t]", " ");
        return one.length() <= 60 ? one : one.substring(0, 60) + "...";
    }
}
