package meshchat.syncml.protocol.wbxml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves strings that a finished document repeats into its string table (WBXML 1.2, 5.7): each
 * inline STR_I of such a string becomes STR_T and a one- or two-byte offset. Bytes on a radio link
 * (issue 10): a SyncML reply repeats "200", LocURIs, anchors and content types; a DevInf repeats
 * CTTypes. A string goes in the table only where that saves bytes, so a document never grows.
 *
 * <p>Works on the encoder's own output: tags without attributes, SWITCH_PAGE, END, STR_I and
 * OPAQUE (a nested DevInf is opaque here and has its own table).
 */
final class StringTable {
    private StringTable() {
    }

    /** One inline string of the body: where its bytes start and how long they are. */
    private record Occurrence(int start, int length) {
    }

    /**
     * The document with repeated strings moved to its string table, or the document as it was
     * when nothing repeats enough.
     *
     * @param doc         a complete document written with an empty string table
     * @param tableLength offset of the (0) string-table length byte in doc
     */
    static byte[] apply(byte[] doc, int tableLength) {
        int bodyStart = tableLength + 1;
        List<Occurrence> strings = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>(); // first occurrence first: a stable order
        int i = bodyStart;
        while (i < doc.length) {
            int token = doc[i] & 0xFF;
            if (token == WbxmlTokens.SWITCH_PAGE) {
                i += 2;
            } else if (token == WbxmlTokens.STR_I) {
                int end = i + 1;
                while (doc[end] != 0) {
                    end++;
                }
                Occurrence o = new Occurrence(i + 1, end - i - 1);
                strings.add(o);
                counts.merge(key(doc, o), 1, Integer::sum);
                i = end + 1;
            } else if (token == WbxmlTokens.OPAQUE) {
                long[] length = readMbUInt32(doc, i + 1);
                i = (int) (length[1] + length[0]);
            } else {
                i++; // END or a tag (this encoder writes no attributes)
            }
        }
        Map<String, Integer> offsets = choose(counts);
        if (offsets.isEmpty()) {
            return doc;
        }
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        for (String s : offsets.keySet()) {
            table.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            table.write(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(doc.length);
        out.write(doc, 0, tableLength);
        MbUInt32.write(table.size(), out);
        out.writeBytes(table.toByteArray());
        int copied = bodyStart;
        for (Occurrence o : strings) {
            Integer offset = offsets.get(key(doc, o));
            if (offset == null) {
                continue;
            }
            out.write(doc, copied, o.start - 1 - copied); // up to the STR_I token
            out.write(WbxmlTokens.STR_T);
            MbUInt32.write(offset, out);
            copied = o.start + o.length + 1; // past the NUL
        }
        out.write(doc, copied, doc.length - copied);
        byte[] result = out.toByteArray();
        return result.length < doc.length ? result : doc;
    }

    /**
     * The strings worth a table entry and their offsets: inline, n copies cost n × (length + 2);
     * in the table, length + 1 once plus n × (1 + offset bytes). The biggest savings get the
     * small offsets.
     */
    private static Map<String, Integer> choose(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> candidates = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (saving(e.getKey().length(), e.getValue(), 0) > 0) {
                candidates.add(e);
            }
        }
        candidates.sort(Comparator.comparingLong(
                (Map.Entry<String, Integer> e) -> saving(e.getKey().length(), e.getValue(), 0)).reversed());
        Map<String, Integer> offsets = new LinkedHashMap<>();
        int offset = 0;
        for (Map.Entry<String, Integer> e : candidates) {
            if (saving(e.getKey().length(), e.getValue(), offset) > 0) {
                offsets.put(e.getKey(), offset);
                offset += e.getKey().length() + 1;
            }
        }
        return offsets;
    }

    private static long saving(int length, int copies, int offset) {
        long inline = (long) copies * (length + 2);
        long tabled = length + 1 + (long) copies * (1 + MbUInt32.encode(offset).length);
        return inline - tabled;
    }

    /** The string's bytes as a map key (ISO-8859-1 maps each byte to one char and back). */
    private static String key(byte[] doc, Occurrence o) {
        return new String(doc, o.start, o.length, StandardCharsets.ISO_8859_1);
    }

    /** {value, offset after it} of the mb_u_int32 at offset i. */
    private static long[] readMbUInt32(byte[] doc, int i) {
        long value = 0;
        int b;
        do {
            b = doc[i++] & 0xFF;
            value = (value << 7) | (b & 0x7F);
        } while ((b & 0x80) != 0);
        return new long[] {value, i};
    }
}
