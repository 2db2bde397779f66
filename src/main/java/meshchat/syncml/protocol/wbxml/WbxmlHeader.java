package meshchat.syncml.protocol.wbxml;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The header of one WBXML document: version, public id, charset and string table. */
final class WbxmlHeader {
    final int version;
    /** Null when the public id is 0x01 (unknown): the root tag decides. */
    final WbxmlDocType type;
    final Charset charset;
    final int stringTableStart;
    final int stringTableLength;
    /** Offset just after the document's last byte. */
    final int end;

    private WbxmlHeader(int version, WbxmlDocType type, Charset charset, int tableStart, int tableLength,
            int end) {
        this.version = version;
        this.type = type;
        this.charset = charset;
        this.stringTableStart = tableStart;
        this.stringTableLength = tableLength;
        this.end = end;
    }

    /** Reads the header at in.pos and leaves in.pos at the first body token. */
    static WbxmlHeader parse(WbxmlInput in, int end) throws WbxmlException {
        int start = in.pos;
        int version = in.readByte(end, "WBXML version");
        if (version < 1 || version > 3) {
            throw in.error(start, String.format("unsupported WBXML version byte 0x%02x (expected 0x01..0x03)", version));
        }
        int idOffset = in.pos;
        long publicId = in.readMbUInt32(end, "public id");
        long fpiIndex = publicId == 0 ? in.readMbUInt32(end, "public id string index") : -1;
        int charsetOffset = in.pos;
        Charset charset = charset(in.readMbUInt32(end, "charset"));
        if (charset == null) {
            throw in.error(charsetOffset, "unsupported charset (only UTF-8, US-ASCII and ISO-8859-1)");
        }
        int tableLength = in.readLength(end, "string table");
        WbxmlHeader header = new WbxmlHeader(version, null, charset, in.pos, tableLength, end);
        in.pos += tableLength;
        WbxmlDocType type;
        if (fpiIndex >= 0) {
            String fpi = header.publicIdString(in, fpiIndex, idOffset);
            type = WbxmlDocType.byFpi(fpi);
            if (type == null) {
                throw in.error(idOffset, "unsupported public id \"" + fpi + "\"");
            }
        } else if (publicId == WbxmlTokens.PUBLIC_ID_UNKNOWN) {
            type = null;
        } else {
            type = WbxmlDocType.byPublicId(publicId);
            if (type == null) {
                throw in.error(idOffset, String.format("unsupported public id 0x%04x", publicId));
            }
        }
        return header.withType(type);
    }

    /** True if buf[start..end) is a WBXML document with a DevInf public id; never throws. */
    static boolean isDevInf(byte[] buf, int start, int end) {
        if (!mayBeDevInf(buf, start, end)) {
            return false; // most OPAQUE Data is an item's text: no exception made per item (issue 10)
        }
        try {
            WbxmlHeader header = parse(new WbxmlInput(buf, start, () -> ""), end);
            return header.type != null && header.type.isDevInf();
        } catch (WbxmlException notWbxml) {
            return false;
        }
    }

    /**
     * Whether the version byte and the public id let buf[start..end) be a DevInf document: what
     * {@link #parse} would reject for these two is rejected here without an exception. A public id
     * in the string table (0) is left to parse.
     */
    private static boolean mayBeDevInf(byte[] buf, int start, int end) {
        if (start >= end || (buf[start] & 0xFF) < 1 || (buf[start] & 0xFF) > 3) {
            return false;
        }
        long publicId = 0;
        for (int i = start + 1; i < end && i <= start + MbUInt32.MAX_BYTES; i++) {
            int b = buf[i] & 0xFF;
            publicId = (publicId << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                WbxmlDocType type = publicId == 0 ? null : WbxmlDocType.byPublicId(publicId);
                return publicId == 0 || type != null && type.isDevInf();
            }
        }
        return false; // truncated or longer than an mb_u_int32
    }

    WbxmlHeader withType(WbxmlDocType newType) {
        return new WbxmlHeader(version, newType, charset, stringTableStart, stringTableLength, end);
    }

    /** The NUL-terminated string at a string-table index (STR_T, LITERAL, public id FPI). */
    String tableString(WbxmlInput in, long index, int tokenOffset) throws WbxmlException {
        if (index >= stringTableLength) {
            throw in.error(tokenOffset, "string table index " + index + " out of range (table has "
                    + stringTableLength + " bytes)");
        }
        int from = stringTableStart + (int) index;
        int nul = in.findNul(from, stringTableStart + stringTableLength);
        if (nul < 0) {
            throw in.error(tokenOffset, "string table entry at index " + index + " is not NUL-terminated");
        }
        return new String(in.buf, from, nul - from, charset);
    }

    /**
     * The public id FPI in the string table. libsynthesis writes SyncML 1.0's FPI as the whole
     * table without its NUL ("-//SYNCML//DTD SyncML 1.0//EN", table length 29): the table's end ends it.
     */
    private String publicIdString(WbxmlInput in, long index, int tokenOffset) throws WbxmlException {
        if (index < stringTableLength && in.findNul(stringTableStart + (int) index, stringTableStart + stringTableLength) < 0) {
            int from = stringTableStart + (int) index;
            return new String(in.buf, from, stringTableStart + stringTableLength - from, charset);
        }
        return tableString(in, index, tokenOffset);
    }

    private static Charset charset(long mibEnum) {
        if (mibEnum == WbxmlTokens.CHARSET_UTF_8 || mibEnum == 0) {
            return StandardCharsets.UTF_8; // 0 = unknown: SyncML is UTF-8 in practice
        }
        if (mibEnum == WbxmlTokens.CHARSET_US_ASCII) {
            return StandardCharsets.US_ASCII;
        }
        return mibEnum == WbxmlTokens.CHARSET_ISO_8859_1 ? StandardCharsets.ISO_8859_1 : null;
    }
}
