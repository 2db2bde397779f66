package meshchat.syncml.protocol;

import java.util.Locale;

/** The two SyncML encodings and their media types (SyncML HTTP binding). */
public enum Encoding {
    XML("application/vnd.syncml+xml", "application/vnd.syncml-devinf+xml"),
    WBXML("application/vnd.syncml+wbxml", "application/vnd.syncml-devinf+wbxml");

    public final String contentType;
    public final String devInfContentType;

    Encoding(String contentType, String devInfContentType) {
        this.contentType = contentType;
        this.devInfContentType = devInfContentType;
    }

    /**
     * Picks the encoding of a request body. The first bytes decide, because some clients send a
     * wrong content type: a WBXML version byte 0x01-0x03 means WBXML; '<' (after an optional
     * UTF-8 BOM and whitespace) means XML. Only when the bytes say nothing does the header count.
     */
    public static Encoding sniff(byte[] body, String contentType) {
        if (body.length > 0 && body[0] >= 0x01 && body[0] <= 0x03) {
            return WBXML;
        }
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i < body.length && body[i] == '<') {
            return XML;
        }
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("wbxml")) {
            return WBXML;
        }
        return XML;
    }
}
