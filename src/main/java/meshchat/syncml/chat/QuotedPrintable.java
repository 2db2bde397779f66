package meshchat.syncml.chat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Quoted-printable (RFC 2045 6.7) as the vCard 2.1 family uses it; soft breaks are undone by {@link MimeDir}. */
final class QuotedPrintable {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QuotedPrintable() {
    }

    /**
     * The bytes of a value whose soft line breaks are already joined. Lenient as real phones need:
     * "=" not followed by two hex digits stays "=", and characters beyond ASCII (a writer that did
     * not encode them) count as their UTF-8 bytes.
     */
    static byte[] decode(String v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '=' && i + 2 < v.length() && hex(v.charAt(i + 1)) >= 0 && hex(v.charAt(i + 2)) >= 0) {
                out.write(hex(v.charAt(i + 1)) * 16 + hex(v.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int cp = v.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /**
     * Appends bytes quoted-printable, starting at column {@code column}; a soft line break ("=" CRLF)
     * keeps every line within {@link MimeDir#LINE} + 1 characters. Space is literal except as the
     * last byte (transports strip trailing white space); tab, "=", controls and non-ASCII are =XX.
     */
    static void encode(StringBuilder out, byte[] bytes, int column) {
        int col = column;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean literal = (b > 0x20 && b < 0x7f && b != '=') || (b == ' ' && i + 1 < bytes.length);
            int len = literal ? 1 : 3;
            if (col + len > MimeDir.LINE) {
                out.append('=').append(MimeDir.CRLF);
                col = 0;
            }
            if (literal) {
                out.append((char) b);
            } else {
                out.append('=').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
            col += len;
        }
    }
}
