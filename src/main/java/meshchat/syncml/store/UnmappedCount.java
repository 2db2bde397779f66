package meshchat.syncml.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How many messages a client lacks in a slow sync or refresh: those in the channel (null: all)
 * that its account has not hidden and it has not mapped, as {@link UnmappedScan#page} returns them.
 *
 * For all channels, a merge of two covering index scans in GUID order, walked together here: the
 * messages' primary key and the client's luid_map_guid rows, each read once with no sort and no
 * row fetch (a probe of luid_map_guid per message cost 1.7 s of a slow sync of 100,000). The merge
 * compares with String.compareTo, which is Derby's UCS_BASIC order (UTF-16 code units) only for
 * GUIDs with no character at or below a space (Derby pads the shorter string with spaces, so "a"
 * equals "a " and sorts after "a\u0001"); every GUID the store writes is a chat.MessageId, which
 * has none. A GUID with one, or two rows out of that order, and the probe query counts instead.
 * The merge assumes the database's collation is UCS_BASIC (the store creates no other): under a
 * territory-based collation equal strings need not be String-equal, which no order check sees. For one channel the probe query always counts: no index holds a
 * channel's GUIDs in order.
 */
final class UnmappedCount {
    private UnmappedCount() {
    }

    /**
     * The count for the client with luid_map id {@code client} ({@link ClientState#NO_ID}: none)
     * of {@code account}, whose hidden GUIDs {@code hidden} reads (only for the merge: the probe
     * query reads them itself).
     */
    static long count(Sql sql, int client, String account, Supplier<Set<String>> hidden, String channel) {
        if (channel == null) {
            long merged = byMerge(sql, client, hidden.get());
            if (merged >= 0) {
                return merged;
            }
        }
        return byProbe(sql, client, account, channel);
    }

    /**
     * One luid_map_guid probe per message, forced: Derby chose a hash join that read the client's
     * map rows into a hash table spilling to disk, 5 times slower when the client holds them all
     * (the end of every slow sync). The override comment must end its line.
     */
    static String probeQuery(String channel) {
        return "SELECT COUNT(*) FROM messages m WHERE " + (channel == null ? "" : "m.channel = ? AND ")
                + "NOT EXISTS (SELECT 1 FROM luid_map l --DERBY-PROPERTIES joinStrategy=NESTEDLOOP, index=luid_map_guid\n"
                + " WHERE l.client_id = ? AND l.guid = m.guid)"
                + " AND NOT EXISTS (SELECT 1 FROM hidden h --DERBY-PROPERTIES joinStrategy=NESTEDLOOP\n"
                + " WHERE h.account = ? AND h.guid = m.guid)";
    }

    static long byProbe(Sql sql, int client, String account, String channel) {
        Object[] keyArgs = {client, account}; // NO_ID matches no row
        return sql.number("messages.unmappedCount" + (channel == null ? "" : "InChannel"), probeQuery(channel),
                channel == null ? keyArgs : new Object[] {channel, client, account});
    }

    /** The count over all channels by the merge, or -1 when a GUID read is not in the order it compares by. */
    static long byMerge(Sql sql, int client, Set<String> hidden) {
        for (String h : hidden) {
            if (!plain(h)) { // its HashSet equality would not be Derby's
                return -1;
            }
        }
        try (ResultSet messages = sql.open("messages.guidOrder", "SELECT guid FROM messages ORDER BY guid");
                ResultSet mapped = sql.open("luid_map.guidOrder",
                        "SELECT guid FROM luid_map WHERE client_id = ? ORDER BY guid", client)) {
            Walk m = new Walk(messages);
            Walk l = new Walk(mapped);
            String map = l.next();
            long count = 0;
            for (String guid = m.next(); guid != null; guid = m.next()) {
                while (map != null && map.compareTo(guid) < 0) {
                    map = l.next(); // mapped, but purged: no message to leave out
                }
                if (map != null && map.equals(guid)) {
                    continue;
                }
                if (!hidden.contains(guid)) {
                    count++;
                }
            }
            return count;
        } catch (Unordered e) {
            return -1;
        } catch (SQLException e) {
            throw Sql.wrap("messages.unmappedMerge", new Object[] {client}, e);
        }
    }

    /** No character at or below a space: Derby's padded comparison is then String.compareTo. */
    static boolean plain(String guid) {
        for (int i = 0; i < guid.length(); i++) {
            if (guid.charAt(i) <= ' ') {
                return false;
            }
        }
        return true;
    }

    /** One side of the merge: its GUIDs, each checked to be plain and above the one before. */
    private static final class Walk {
        private final ResultSet rs;
        private String last;

        Walk(ResultSet rs) {
            this.rs = rs;
        }

        /** The next GUID, or null after the last. */
        String next() throws SQLException {
            if (!rs.next()) {
                return null;
            }
            String guid = rs.getString(1);
            if (!plain(guid) || last != null && last.compareTo(guid) >= 0) {
                throw new Unordered();
            }
            last = guid;
            return guid;
        }
    }

    /** A GUID the merge cannot place as Derby does; thrown once per count at most. */
    private static final class Unordered extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unordered() {
            super(null, null, false, false);
        }
    }
}
