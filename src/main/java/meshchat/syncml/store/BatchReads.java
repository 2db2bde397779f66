package meshchat.syncml.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import meshchat.syncml.chat.MessageId;

/**
 * The questions a client message of a thousand items asks once per item (is this text a purged
 * message's, is this v2 id free), asked for all of them at once: one statement per hundred keys
 * ({@link Sql#listIn}) instead of one per key. Only on single-column indexes: for an IN list on the
 * last column of a compound key (a LUID of one client) Derby scans all the client's rows.
 */
final class BatchReads {
    private final Sql sql;

    BatchReads(Sql sql) {
        this.sql = sql;
    }

    /** A tombstone per text hash among {@code hashes} that one has (any one when several). */
    Map<String, Tombstone> tombstonesByTextHash(List<String> hashes) {
        Map<String, Tombstone> out = new HashMap<>();
        for (Tombstone t : sql.listIn("tombstones.byTextHashes", "SELECT guid, purged_at, purged_by, text_hash FROM tombstones"
                + " WHERE text_hash IN ", rs -> new Tombstone(new MessageId(rs.getString(1)),
                Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4)), new Object[0], hashes)) {
            out.putIfAbsent(t.textHash(), t);
        }
        return out;
    }

    /** Those of {@code v2Ids} a stored message or a tombstone uses. */
    Set<String> v2IdsInUse(List<String> v2Ids) {
        Set<String> used = new HashSet<>(sql.listIn("messages.v2IdsInUse", "SELECT v2_id FROM messages WHERE v2_id IN ",
                rs -> rs.getString(1), new Object[0], v2Ids));
        used.addAll(sql.listIn("tombstones.v2IdsInUse", "SELECT v2_id FROM tombstones WHERE v2_id IN ",
                rs -> rs.getString(1), new Object[0], v2Ids));
        return used;
    }
}
