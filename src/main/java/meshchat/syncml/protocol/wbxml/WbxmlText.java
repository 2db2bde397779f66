package meshchat.syncml.protocol.wbxml;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of one CHARACTERS event, coalesced from adjacent STR_I, STR_T, ENTITY and OPAQUE
 * tokens. Bytes that are not valid UTF-8 (binary OPAQUE data, a chunk cut inside a character)
 * become lone surrogates U+DC80..U+DCFF, losslessly ({@link meshchat.syncml.protocol.RawText}),
 * and the raw OPAQUE bytes are also offered as a reader property. Base64 was not chosen because
 * it cannot be told apart from text that is itself base64.
 */
final class WbxmlText {
    private final WbxmlInput in;
    private final StringBuilder chars = new StringBuilder();
    private final ByteArrayOutputStream opaque = new ByteArrayOutputStream();
    private Charset charset = StandardCharsets.UTF_8;
    private boolean onlyOpaque;
    private boolean bytesEscaped;
    private String string = "";
    private char[] array;

    WbxmlText(WbxmlInput in) {
        this.in = in;
    }

    void reset(WbxmlHeader header) {
        chars.setLength(0);
        opaque.reset();
        charset = header.charset;
        onlyOpaque = true;
        bytesEscaped = false;
        array = null;
    }

    /** Bytes of an inline string or an OPAQUE, decoded in the document charset. */
    void appendBytes(int from, int to, boolean isOpaque) {
        if (isOpaque) {
            opaque.write(in.buf, from, to - from);
        } else {
            onlyOpaque = false;
        }
        if (charset != StandardCharsets.UTF_8) {
            chars.append(new String(in.buf, from, to - from, StandardCharsets.ISO_8859_1)); // ASCII is a subset
            return;
        }
        try {
            chars.append(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in.buf, from, to - from)));
        } catch (CharacterCodingException notUtf8) {
            // Not valid UTF-8 (binary OPAQUE, or a large-object chunk cut inside a character):
            // valid runs decode normally, each stray byte becomes a lone surrogate (see RawText),
            // so the exact bytes can be recovered.
            bytesEscaped = true;
            chars.append(meshchat.syncml.protocol.RawText.decode(in.buf, from, to - from));
        }
    }

    void appendString(String s) {
        onlyOpaque = false;
        chars.append(s);
    }

    void appendEntity(long codePoint, int offset) throws WbxmlException {
        onlyOpaque = false;
        if (codePoint > Character.MAX_CODE_POINT
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
            throw in.error(offset, "ENTITY " + codePoint + " is not a Unicode code point");
        }
        chars.appendCodePoint((int) codePoint);
    }

    /** Ends the event; false if there is no text at all. */
    boolean finish() {
        string = chars.toString();
        return !string.isEmpty();
    }

    String string() {
        return string;
    }

    char[] array() {
        if (array == null) {
            array = string.toCharArray();
        }
        return array;
    }

    /** The raw bytes when the whole text came from OPAQUE tokens, else null. */
    byte[] opaqueBytes() {
        return onlyOpaque ? opaque.toByteArray() : null;
    }

    /** True when some bytes were not valid in the document charset and were mapped as ISO-8859-1. */
    boolean bytesEscaped() {
        return bytesEscaped;
    }
}
