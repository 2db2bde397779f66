package meshchat.syncml.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-made WBXML messages (SyncML 1.2, no credentials): hostile ones for the decode-limit tests, odd DevInfs for DevInfReaderTest. */
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

    /** The entries of a WBXML string table, each ended by NUL. */
    static byte[] stringTable(String... entries) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String e : entries) {
            b.writeBytes(e.getBytes(StandardCharsets.UTF_8));
            b.write(0x00);
        }
        return b.toByteArray();
    }

    /**
     * A Put whose Data holds a DevInf 1.2 document as OPAQUE, with its own string table; {@code extra}
     * writes more of the DevInf after DevTyp (code page 0 of DevInf: Man 0x11, Mod 0x15, LITERAL 0x04).
     * The DevInf has VerDTD 1.2, Man M, DevID d, DevTyp phone and one DataStore ./n of text/plain.
     */
    static byte[] devInfPut(byte[] stringTable, java.util.function.Consumer<ByteArrayOutputStream> extra) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.write(0x02);
        writeMb(d, 0x1203); // DevInf 1.2 public id, as a literal number
        d.write(0x6A);
        writeMb(d, stringTable.length);
        d.writeBytes(stringTable);
        d.write(0x4A); // DevInf
        element(d, 0x65, "1.2"); // VerDTD
        element(d, 0x51, "M"); // Man
        element(d, 0x49, "d"); // DevID
        element(d, 0x4B, "phone"); // DevTyp
        extra.accept(d);
        d.write(0x47); // DataStore
        element(d, 0x5D, "./n"); // SourceRef
        d.write(0x5A); // Rx-Pref
        element(d, 0x46, "text/plain"); // CTType
        element(d, 0x64, "1.0"); // VerCT
        d.write(0x01);
        d.write(0x62); // Tx-Pref
        element(d, 0x46, "text/plain");
        element(d, 0x64, "1.0");
        d.write(0x01);
        d.write(0x5F); // SyncCap
        element(d, 0x60, "1"); // SyncType
        d.write(0x01);
        d.write(0x01); // end DataStore
        d.write(0x01); // end DevInf
        byte[] devInf = d.toByteArray();

        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x02, 0x01, 0x6A, 0x00}); // WBXML 1.2, public id unknown, UTF-8, no string table
        b.write(0x6D); // SyncML
        b.write(0x6C); // SyncHdr
        element(b, 0x71, "1.2"); // VerDTD
        element(b, 0x72, "SyncML/1.2"); // VerProto
        element(b, 0x65, "1"); // SessionID
        element(b, 0x5B, "1"); // MsgID
        b.write(0x6E); // Target
        element(b, 0x57, "http://s");
        b.write(0x01);
        b.write(0x67); // Source
        element(b, 0x57, "IMEI:1");
        b.write(0x01);
        b.write(0x01); // end SyncHdr
        b.write(0x6B); // SyncBody
        b.write(0x5F); // Put
        element(b, 0x4B, "1"); // CmdID
        b.write(0x54); // Item
        b.write(0x67); // Source
        element(b, 0x57, "./devinf12"); // LocURI
        b.write(0x01);
        b.write(0x4F); // Data
        b.write(0xC3); // OPAQUE
        writeMb(b, devInf.length);
        b.writeBytes(devInf);
        b.write(0x01); // end Data
        b.write(0x01); // end Item
        b.write(0x01); // end Put
        b.write(0x12); // Final
        b.write(0x01); // end SyncBody
        b.write(0x01); // end SyncML
        return b.toByteArray();
    }

    /** An element with content (token with bit 0x40): STR_I text, END. */
    static void element(ByteArrayOutputStream b, int token, String text) {
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
