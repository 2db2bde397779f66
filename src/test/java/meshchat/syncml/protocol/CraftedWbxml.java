package meshchat.syncml.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-made hostile WBXML messages (SyncML 1.2, no credentials) for the decode-limit tests. */
public final class CraftedWbxml {
    private CraftedWbxml() {
    }

    /** A message whose SessionID is {@code refs} STR_T references to one {@code entry}-byte table string of 'A's. */
    public static byte[] stringTableRefs(int entry, int refs, String device) {
        return message(entry, refs, device, 0);
    }

    /** A message of {@code puts} empty Puts (one byte each) in its SyncBody. */
    public static byte[] emptyPuts(int puts, String device) {
        return message(1, 1, device, puts);
    }

    private static byte[] message(int entry, int refs, String device, int puts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(entry + 2 * refs + puts + 200);
        b.write(0x02); // WBXML 1.2
        b.write(0x01); // public id unknown: the root tag decides
        b.write(0x6A); // UTF-8
        writeMb(b, entry + 1);
        b.writeBytes("A".repeat(entry).getBytes(StandardCharsets.US_ASCII));
        b.write(0x00);
        b.write(0x6D); // SyncML
        b.write(0x6C); // SyncHdr
        element(b, 0x71, "1.2"); // VerDTD
        element(b, 0x72, "SyncML/1.2"); // VerProto
        b.write(0x65); // SessionID
        for (int i = 0; i < refs; i++) {
            b.write(0x83); // STR_T
            b.write(0x00); // index 0
        }
        b.write(0x01);
        element(b, 0x5B, "1"); // MsgID
        b.write(0x6E); // Target
        element(b, 0x57, "http://127.0.0.1/sync");
        b.write(0x01);
        b.write(0x67); // Source
        element(b, 0x57, device);
        b.write(0x01);
        b.write(0x01); // end SyncHdr
        b.write(0x6B); // SyncBody
        for (int i = 0; i < puts; i++) {
            b.write(0x1F); // Put, no content
        }
        b.write(0x12); // Final
        b.write(0x01);
        b.write(0x01); // end SyncML
        return b.toByteArray();
    }

    private static void element(ByteArrayOutputStream b, int token, String text) {
        b.write(token);
        b.write(0x03);
        b.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        b.write(0x00);
        b.write(0x01);
    }

    private static void writeMb(ByteArrayOutputStream b, int v) {
        int n = 0;
        byte[] tmp = new byte[5];
        do {
            tmp[n++] = (byte) (v & 0x7F);
            v >>>= 7;
        } while (v != 0);
        for (int i = n - 1; i >= 0; i--) {
            b.write(tmp[i] | (i > 0 ? 0x80 : 0));
        }
    }
}
