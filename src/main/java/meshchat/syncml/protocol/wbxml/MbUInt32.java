package meshchat.syncml.protocol.wbxml;

import java.io.ByteArrayOutputStream;

/**
 * WBXML mb_u_int32: an unsigned 32-bit value written big-endian in 7-bit groups, every byte but
 * the last with the high bit set. At most 5 bytes, because 5 * 7 bits already cover 32 bits.
 */
final class MbUInt32 {
    static final int MAX_BYTES = 5;
    static final long MAX_VALUE = 0xFFFF_FFFFL;

    private MbUInt32() {
    }

    static void write(long value, ByteArrayOutputStream out) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("mb_u_int32 out of range: " + value);
        }
        int shift = 28;
        while (shift > 0 && (value >>> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            out.write((int) (((value >>> shift) & 0x7F) | 0x80));
        }
        out.write((int) (value & 0x7F));
    }

    static byte[] encode(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
        write(value, out);
        return out.toByteArray();
    }
}
