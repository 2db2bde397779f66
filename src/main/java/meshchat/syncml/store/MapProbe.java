package meshchat.syncml.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import meshchat.syncml.chat.MessageId;

/**
 * Reads the map rows of many LUIDs of one client in a few statements, where {@link ClientState#guidForLuid}
 * runs one per LUID: Derby's work per statement (activation, opening and closing the scan) costs
 * more than the primary-key probe itself. Not {@code luid IN (...)}: Derby 10.16 multi-probes an
 * IN list only on an index's first column and scans all the client's rows of the primary key
 * (client_id, luid) instead, a cost that grows with the map (LuidProbeBenchmark). Two steps:
 * <ol>
 *   <li>Ranges: the LUIDs in order, {@link #LUIDS_PER_PROBE} at a time, one index-only scan of the
 *       primary key from the first to the last. A LUID the range does not hold is unmapped: a slow
 *       sync's new LUIDs, sent in name order, cost a fraction of a statement each. A range holding
 *       {@link #ROWS_PER_RANGE} rows or more (LUIDs scattered among many mapped ones) ends this
 *       step: its LUIDs and the rest go to the next.</li>
 *   <li>Probes: the LUIDs the ranges found mapped or did not answer, joined as a VALUES table with
 *       luid_map, one primary-key probe each, {@link #LUIDS_PER_PROBE} per statement (the last
 *       padded by repeating a LUID, so Derby compiles and caches one statement).</li>
 * </ol>
 * Derby compares VARCHARs blank-padded ("a" equals "a "): the ranges take only LUIDs with no
 * character at or below U+0020 (the pad), whose order there is Java's, and a row found by a range counts for
 * the LUID it equals without its trailing blanks; the probes compare in SQL.
 */
final class MapProbe {
    /** LUIDs per statement, in both steps. */
    static final int LUIDS_PER_PROBE = 50;
    /** Rows a range may hold before the ranges stop: an index-only scan of this many costs a few probes. */
    static final int ROWS_PER_RANGE = 4 * LUIDS_PER_PROBE;

    private static final String RANGE = "SELECT luid FROM luid_map WHERE client_id = ? AND luid >= ? AND luid <= ?";

    /** The LUIDs first, then each probes the primary key (the hints keep Derby from a hash join over the client's rows). */
    private static final String PROBES = "SELECT v.l, m.guid FROM --DERBY-PROPERTIES joinOrder=FIXED\n"
            + " (VALUES " + String.join(", ", Collections.nCopies(LUIDS_PER_PROBE,
                    "(CAST(? AS VARCHAR(" + Store.MAX_FIELD_CHARS + ")))")) + ") AS v(l),"
            + " luid_map m --DERBY-PROPERTIES joinStrategy=NESTEDLOOP\n"
            + " WHERE m.client_id = ? AND m.luid = v.l";

    private final Sql sql;

    MapProbe(Sql sql) {
        this.sql = sql;
    }

    /** Each LUID asked mapped to its GUID or to empty; {@code clientId} {@link ClientState#NO_ID}: no rows. */
    Map<String, Optional<MessageId>> guids(int clientId, Collection<String> luids) {
        Map<String, Optional<MessageId>> out = new HashMap<>();
        List<String> plain = new ArrayList<>();
        List<String> probe = new ArrayList<>();
        for (String luid : luids) {
            if (luid != null && !luid.isEmpty() && luid.length() <= Store.MAX_FIELD_CHARS
                    && out.putIfAbsent(luid, Optional.empty()) == null) {
                (plain(luid) ? plain : probe).add(luid);
            }
        }
        if (clientId == ClientState.NO_ID) {
            return out; // no map rows: every LUID unmapped, as guidForLuid answers
        }
        Collections.sort(plain);
        int i = 0;
        for (; i < plain.size(); i += LUIDS_PER_PROBE) {
            List<String> run = plain.subList(i, Math.min(plain.size(), i + LUIDS_PER_PROBE));
            List<String> rows = sql.list("luid_map.range", ROWS_PER_RANGE, RANGE, rs -> rs.getString(1), clientId,
                    run.get(0), run.get(run.size() - 1));
            if (rows.size() >= ROWS_PER_RANGE) {
                break; // scattered among many mapped LUIDs: these and the rest are probed
            }
            Set<String> mapped = new HashSet<>();
            for (String row : rows) {
                mapped.add(withoutTrailingBlanks(row));
            }
            for (String luid : run) {
                if (mapped.contains(luid)) {
                    probe.add(luid); // its GUID is read below
                }
            }
        }
        probe.addAll(plain.subList(Math.min(i, plain.size()), plain.size()));
        probes(clientId, probe, out);
        return out;
    }

    private void probes(int clientId, List<String> luids, Map<String, Optional<MessageId>> out) {
        Object[] args = new Object[LUIDS_PER_PROBE + 1];
        for (int i = 0; i < luids.size(); i += LUIDS_PER_PROBE) {
            for (int j = 0; j < LUIDS_PER_PROBE; j++) {
                args[j] = luids.get(Math.min(i + j, luids.size() - 1));
            }
            args[LUIDS_PER_PROBE] = clientId;
            for (String[] row : sql.list("luid_map.guids", 0, PROBES,
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, args)) {
                out.put(row[0], Optional.of(new MessageId(row[1])));
            }
        }
    }

    /** No character at or below U+0020: Derby orders such strings as Java does, and equals only itself (plus blanks). */
    static boolean plain(String luid) {
        for (int i = 0; i < luid.length(); i++) {
            if (luid.charAt(i) <= ' ') {
                return false;
            }
        }
        return true;
    }

    private static String withoutTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
