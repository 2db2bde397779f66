package meshchat.syncml.protocol.wbxml;

import java.util.function.Supplier;

/** A cursor over a WBXML body that reports problems with byte offset and element path. */
final class WbxmlInput {
    final byte[] buf;
    int pos;
    private final Supplier<String> path;

    WbxmlInput(byte[] buf, int pos, Supplier<String> path) {
        this.buf = buf;
        this.pos = pos;
        this.path = path;
    }

    WbxmlException error(int offset, String message) {
        return error(offset, message, null);
    }

    WbxmlException error(int offset, String message, Throwable cause) {
        return new WbxmlException("WBXML offset " + offset + " in " + path.get() + ": " + message, offset, cause);
    }

    int readByte(int end, String what) throws WbxmlException {
        if (pos >= end) {
            throw error(pos, "truncated: expected " + what);
        }
        return buf[pos++] & 0xFF;
    }

    long readMbUInt32(int end, String what) throws WbxmlException {
        int start = pos;
        long value = 0;
        for (int i = 0; i < MbUInt32.MAX_BYTES; i++) {
            if (pos >= end) {
                throw error(start, "truncated mb_u_int32 (" + what + ")");
            }
            int b = buf[pos++] & 0xFF;
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (value > MbUInt32.MAX_VALUE) {
                    throw error(start, "bad mb_u_int32 (" + what + "): exceeds 32 bits");
                }
                return value;
            }
        }
        throw error(start, "bad mb_u_int32 (" + what + "): more than 5 bytes");
    }

    /** An mb_u_int32 length that must fit into the bytes left before end. */
    int readLength(int end, String what) throws WbxmlException {
        int start = pos;
        long length = readMbUInt32(end, what + " length");
        if (length > end - pos) {
            throw error(start, what + " length " + length + " exceeds the " + (end - pos) + " bytes left");
        }
        return (int) length;
    }

    /** Index of the first NUL at or after from and before end, or -1. */
    int findNul(int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
