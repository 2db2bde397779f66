package meshchat.syncml.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The {@code Meta/Format} of item data (MetInf 1.2 §5.1.7): {@code chr} (the default: the data is
 * the text) or {@code b64} (the data is base64 of the object's bytes). {@code bin} only exists in
 * WBXML opaque data, which our codec already hands over as text; it is treated as chr.
 * Decode on the way in, encode on the way out with the format the client used.
 */
public enum DataFormat {
    CHR, B64;

    /** The format a Meta/Format value names; null, empty and unknown values are chr. */
    public static DataFormat of(String metaFormat) {
        return metaFormat != null && "b64".equals(metaFormat.trim().toLowerCase(Locale.ROOT)) ? B64 : CHR;
    }

    /** The Meta/Format value to write, or null for chr (the default needs no Format). */
    public String metaFormat() {
        return this == B64 ? "b64" : null;
    }

    /**
     * The object text in item data of this format. b64: white space ignored, the bytes read as
     * UTF-8 when valid, else as ISO-8859-1 (an old phone's 8-bit object loses nothing).
     *
     * @throws IllegalArgumentException with the reason when b64 data is not base64
     */
    public String decode(String data) {
        if (this == CHR || data == null) {
            return data;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("item data in Format b64 is not base64: " + e.getMessage());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Item data of this format for an object text (b64: base64 of its UTF-8 bytes, no line breaks). */
    public String encode(String text) {
        if (this == CHR || text == null) {
            return text;
        }
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
