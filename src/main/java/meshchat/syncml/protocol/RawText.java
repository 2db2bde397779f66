package meshchat.syncml.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that may be cut or broken, kept losslessly in a String: each byte that is not part of a
 * valid UTF-8 sequence becomes the lone surrogate U+DC80+byte ("surrogate escape"). Lone
 * surrogates never come from decoding valid UTF-8, so the bytes can be recovered exactly. This is
 * what lets a large object split by the client in the middle of a character (WBXML chunks are
 * cut by bytes) be put back together before it is decoded.
 */
public final class RawText {
    private static final char ESCAPE_BASE = '\uDC80';

    private RawText() {
    }

    public static String decode(byte[] buf, int from, int length) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(buf, from, length);
        CharBuffer out = CharBuffer.allocate(length + 16);
        StringBuilder sb = new StringBuilder(length);
        while (true) {
            CoderResult r = in.hasRemaining() ? d.decode(in, out, true) : CoderResult.UNDERFLOW;
            out.flip();
            sb.append(out);
            out.clear();
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    sb.append((char) (ESCAPE_BASE + (in.get() & 0xFF) - 0x80));
                }
            } else if (r.isUnderflow() && !in.hasRemaining()) {
                return sb.toString();
            }
        }
    }

    /** First code point of the XML-safe escapes: U+10FF80..U+10FFFF stand for bytes 0x80..0xFF. */
    private static final int XML_ESCAPE_BASE = 0x10FF00;

    /** Whether the bytes are entirely valid UTF-8. */
    public static boolean isValidUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Decodes a document that is not valid UTF-8 into text an XML parser accepts: each stray
     * byte (always 0x80..0xFF) becomes a code point of the last 128 of plane 16's private use
     * area, which {@link #fromXmlEscapes} turns back into escaped bytes. Used only for bodies
     * that are not valid UTF-8 (SyncEvolution cuts XML chunks of large objects by bytes).
     */
    public static String decodeForXml(byte[] b) {
        String s = decode(b, 0, b.length);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            sb.appendCodePoint(isEscape(s, i) ? XML_ESCAPE_BASE + (s.charAt(i) - ESCAPE_BASE + 0x80) : s.charAt(i));
        }
        return sb.toString();
    }

    /** Turns the XML-safe escapes of {@link #decodeForXml} back into escaped bytes. */
    public static String fromXmlEscapes(String s) {
        if (s == null || s.indexOf('\uDBFF') < 0) { // U+10FF80.. all start with high surrogate U+DBFF
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp >= XML_ESCAPE_BASE + 0x80) {
                sb.append((char) (ESCAPE_BASE + (cp - XML_ESCAPE_BASE - 0x80)));
            } else {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** The exact bytes a {@link #decode}d string came from. */
    public static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 16);
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isEscape(s, i)) {
                out.writeBytes(s.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(c - ESCAPE_BASE + 0x80);
                start = i + 1;
            }
        }
        out.writeBytes(s.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** True when every unpaired surrogate in the text is an escaped byte, so {@link #encode} is exact. */
    public static boolean isEncodable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c) && !isEscape(s, i)) {
                return false;
            }
        }
        return true;
    }

    /** Text fit to store and send: each escaped byte becomes U+FFFD. */
    public static String sanitize(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            boolean esc = isEscape(s, i);
            if (esc && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(esc ? '\uFFFD' : s.charAt(i));
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** A lone low surrogate in U+DC80..U+DCFF (not the second half of a pair). */
    private static boolean isEscape(String s, int i) {
        char c = s.charAt(i);
        return c >= ESCAPE_BASE && c <= '\uDCFF' && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
