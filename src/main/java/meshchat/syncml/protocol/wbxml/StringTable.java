package meshchat.syncml.protocol.wbxml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Moves strings that a finished document repeats into its string table (WBXML 1.2, 5.7): each
 * inline STR_I of such a string becomes STR_T and a one- or two-byte offset. Bytes on a radio link
 * (issue 10): a SyncML reply repeats "200", LocURIs, anchors and content types; a DevInf repeats
 * CTTypes. A string goes in the table only where that saves bytes, so a document never grows.
 * A string that begins with a table string is written as STR_T of that one and STR_I of the rest
 * (element content may be several strings, WBXML 1.3 5.8.4; the SyncML toolkit in libsynthesis,
 * libwbxml2 and our parser join them): a RespURI is its Source URL plus "?sessionid=…", our Next
 * anchor the client's plus a suffix.
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
        // prefixes save a few dozen bytes per document: worth it in small ones (an idle session's
        // replies), not the sort in a reply of a thousand items
        TreeSet<String> sorted = new TreeSet<>(strings.size() <= PREFIX_MAX_STRINGS ? counts.keySet() : List.of());
        addPrefixes(sorted, counts, offsets);
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
        Prefixes prefixes = new Prefixes(offsets, sorted);
        int copied = bodyStart;
        long expanded = 0; // characters our references make the decoder produce (WbxmlParser bounds them)
        for (Occurrence o : strings) {
            String s = key(doc, o);
            Integer offset = offsets.get(s);
            String prefix = offset == null ? prefixes.longest(s) : null;
            if (offset == null && prefix == null) {
                continue;
            }
            out.write(doc, copied, o.start - 1 - copied); // up to the STR_I token
            out.write(WbxmlTokens.STR_T);
            expanded += offset != null ? s.length() : prefix.length();
            if (offset != null) {
                MbUInt32.write(offset, out);
                copied = o.start + o.length + 1; // past the NUL
            } else {
                MbUInt32.write(offsets.get(prefix), out);
                out.write(WbxmlTokens.STR_I); // the rest stays inline, with its NUL
                copied = o.start + prefix.length();
            }
        }
        out.write(doc, copied, doc.length - copied);
        byte[] result = out.toByteArray();
        // a document of long strings repeated many times would exceed what decoders (ours included)
        // accept from the table: send it inline, as it was
        boolean decodable = expanded <= (long) WbxmlParser.TABLE_CHARS_PER_BYTE * result.length;
        return result.length < doc.length && decodable ? result : doc;
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

    /**
     * Adds the strings that are worth a table entry once the strings beginning with them count too:
     * each such string then costs STR_T, an offset and an STR_I of its rest instead of its whole
     * self. Longest candidates first, and a string counts for one prefix only.
     */
    private static void addPrefixes(TreeSet<String> sorted, Map<String, Integer> counts, Map<String, Integer> offsets) {
        int offset = nextOffset(offsets);
        java.util.Set<String> served = new java.util.HashSet<>();
        for (String p : sorted.descendingSet()) {
            if (p.length() < MIN_PREFIX || offsets.containsKey(p)) {
                continue;
            }
            List<String> longer = new ArrayList<>();
            int uses = 0;
            for (String s : sorted.tailSet(p, false)) {
                if (!s.startsWith(p) || longer.size() == MAX_SCAN) {
                    break;
                }
                if (!offsets.containsKey(s) && !served.contains(s)) {
                    longer.add(s);
                    uses += counts.get(s);
                }
            }
            if (uses == 0) {
                continue;
            }
            int ob = MbUInt32.encode(offset).length;
            int exact = counts.get(p);
            long save = (long) exact * (p.length() + 2) - (p.length() + 1) - (long) exact * (1 + ob)
                    + (long) uses * (p.length() - 1 - ob);
            if (save > 0) {
                offsets.put(p, offset);
                offset += p.length() + 1;
                served.addAll(longer);
            }
        }
    }

    private static int nextOffset(Map<String, Integer> offsets) {
        int next = 0;
        for (Map.Entry<String, Integer> e : offsets.entrySet()) {
            next = Math.max(next, e.getValue() + e.getKey().length() + 1);
        }
        return next;
    }

    /** Documents with more strings than this get no prefix references (see apply). */
    private static final int PREFIX_MAX_STRINGS = 1024;
    /** Shortest table string worth referring to as a prefix. */
    private static final int MIN_PREFIX = 4;
    /** Strings looked at per candidate prefix: keeps a reply of many similar LUIDs linear. */
    private static final int MAX_SCAN = 64;

    /**
     * The table's strings that begin another string of the document, by length, to find the longest
     * that begins a string. Usually a handful (a URL, an anchor), so the look-up per string is cheap.
     */
    private static final class Prefixes {
        private final TreeMap<Integer, Map<String, Integer>> byLength = new TreeMap<>();

        Prefixes(Map<String, Integer> offsets, TreeSet<String> sorted) {
            offsets.forEach((s, o) -> {
                String next = sorted.higher(s); // strings beginning with s sort right after it
                if (s.length() >= MIN_PREFIX && next != null && next.startsWith(s)) {
                    byLength.computeIfAbsent(s.length(), k -> new java.util.HashMap<>()).put(s, o);
                }
            });
        }

        /** The longest table string that is a proper prefix of s and saves bytes as one, or null. */
        String longest(String s) {
            if (byLength.isEmpty()) {
                return null;
            }
            for (Map.Entry<Integer, Map<String, Integer>> e : byLength.headMap(s.length(), false).descendingMap().entrySet()) {
                String p = s.substring(0, e.getKey());
                Integer offset = e.getValue().get(p);
                if (offset != null && p.length() - 1 - MbUInt32.encode(offset).length > 0) {
                    return p;
                }
            }
            return null;
        }
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
