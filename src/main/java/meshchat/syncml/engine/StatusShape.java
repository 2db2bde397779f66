package meshchat.syncml.engine;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLVersion;

/**
 * The shape of a status: what its encoded size, alone after one SyncHdr, depends on. The key for
 * {@link ReplyBuilder}'s size cache, so that the statuses of a 10,000-item Add (each with its own
 * CmdRef and SourceRef) are encoded a handful of times, not 10,000 (issue 10).
 *
 * <p>In XML a string that needs no escaping costs its length. In WBXML it costs its length plus
 * two, unless the string table takes it: that depends on which strings of the document are equal
 * and which begin with another of at least four characters (the table's shortest prefix). So a
 * status string that is equal to none of the header's or the other fields' strings and prefix of
 * none enters the shape by its length alone; one equal to an earlier field as that field's
 * position; any other verbatim. Two statuses of one shape then encode to the same size.
 */
final class StatusShape {
    /** Shortest string the WBXML string table refers to as a prefix of another (StringTable.MIN_PREFIX, or less). */
    private static final int MIN_PREFIX = 4;

    /** Every string of the header, each followed by NUL: a status string not in it stands alone. */
    private final String headerStrings;

    StatusShape(SyncHdr header) {
        StringBuilder b = new StringBuilder();
        strings(header, b);
        this.headerStrings = b.toString();
    }

    /** The shape of {@code st}, or null when its size must be measured (a challenge, items, escaped text). */
    String of(Status st) {
        if (st.chal() != null || !st.items().isEmpty()) {
            return null;
        }
        List<String> fields = new ArrayList<>(6 + st.targetRefs().size() + st.sourceRefs().size());
        fields.add(st.cmdId());
        fields.add(st.msgRef());
        fields.add(st.cmdRef());
        fields.add(st.cmd());
        fields.addAll(st.targetRefs());
        fields.addAll(st.sourceRefs());
        fields.add(st.data());
        StringBuilder b = new StringBuilder(48).append(st.targetRefs().size()).append(',').append(st.sourceRefs().size());
        for (int i = 0; i < fields.size(); i++) {
            String s = fields.get(i);
            b.append('|');
            if (s == null) {
                b.append('-');
                continue;
            }
            if (!plain(s)) {
                return null;
            }
            int same = fields.subList(0, i).indexOf(s);
            if (same >= 0) {
                b.append('=').append(same);
            } else if (alone(s, fields)) {
                b.append('#').append(s.length());
            } else {
                b.append('\'').append(s.length()).append(':').append(s);
            }
        }
        return b.toString();
    }

    /** Neither in the header nor a prefix of, or prefixed by, another field (of the table's prefix length). */
    private boolean alone(String s, List<String> fields) {
        // a header string equal to s, beginning with s or that s begins with (MIN_PREFIX or longer)
        // holds s's first MIN_PREFIX characters
        if (headerStrings.contains(s.length() > MIN_PREFIX ? s.substring(0, MIN_PREFIX) : s)) {
            return false;
        }
        for (String t : fields) {
            if (t != null && !t.equals(s) && (t.length() >= MIN_PREFIX && s.startsWith(t)
                    || s.length() >= MIN_PREFIX && t.startsWith(s))) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII that neither encoding escapes: its encoded size is its length. */
    static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= 0x20 || ch >= 0x7f || ch == '&' || ch == '<' || ch == '>' || ch == '"' || ch == '\'' || ch == ']') {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends every string a model value can be written as: strings, numbers, the version's
     * names, the components of records and the elements of lists. More is harmless (a status
     * string found here is only measured once more), less is not.
     */
    static void strings(Object value, StringBuilder into) {
        if (value == null || value instanceof Boolean) {
            return;
        }
        if (value instanceof SyncMLVersion v) {
            for (String s : List.of(v.verDtd, v.verProto, v.namespace, v.devInfUri, v.devInfVerDtd)) {
                into.append(s).append('\0');
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(e -> strings(e, into));
        } else if (value instanceof Record r) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    strings(rc.getAccessor().invoke(r), into);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + rc, e);
                }
            }
        } else {
            into.append(value).append('\0'); // strings, numbers, enums and anything else by its text
        }
    }
}
