package meshchat.syncml.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reads behind the web pages and the JSON API's paging: by change sequence, counts, clients. */
final class WebReads {
    private static final String COLUMNS = "guid, epoch, message_text, call_sign, node, platform, channel, message_text_long, seq";

    private final Sql sql;

    WebReads(Sql sql) {
        this.sql = sql;
    }

    /**
     * Up to {@code limit} messages by the seq of their ADD: after {@code since} ascending when
     * since is at least 0, else before {@code before} descending. Hidden ones of {@code account}
     * are skipped (read limit + the account's hidden count rows, as Tx.newest does).
     */
    List<SequencedMessage> bySeq(long since, long before, int limit, String channel, String account, long maxChars) {
        Set<String> hidden = account == null ? Set.of() : Tx.hiddenGuids(sql, account);
        int fetch = (int) Math.min(Integer.MAX_VALUE, (long) limit + hidden.size());
        boolean forward = since >= 0;
        String where = forward ? " WHERE seq > ?" : " WHERE seq < ?";
        String order = forward ? " ORDER BY seq ASC" : " ORDER BY seq DESC";
        Object cursor = forward ? since : before;
        String select = "SELECT " + COLUMNS + " FROM messages";
        List<SequencedMessage> rows = channel == null
                ? sql.listWithin(forward ? "messages.since" : "messages.before", fetch, maxChars,
                        m -> Tx.visibleChars(m.message(), hidden), select + where + order,
                        rs -> new SequencedMessage(rs.getLong(9), Tx.message(rs)), cursor)
                : sql.listWithin(forward ? "messages.sinceInChannel" : "messages.beforeInChannel", fetch, maxChars,
                        m -> Tx.visibleChars(m.message(), hidden), select + where + " AND channel = ?" + order,
                        rs -> new SequencedMessage(rs.getLong(9), Tx.message(rs)), cursor, channel);
        rows.removeIf(m -> hidden.contains(m.message().id().value()));
        return rows.size() <= limit ? rows : List.copyOf(rows.subList(0, limit));
    }

    long tombstoneCount() {
        return sql.number("tombstones.count", "SELECT COUNT(*) FROM tombstones");
    }

    /** Messages held per channel ("" is the general channel), by name. */
    Map<String, Long> channels() {
        Map<String, Long> out = new LinkedHashMap<>();
        sql.list("messages.channels", 0, "SELECT channel, COUNT(*) FROM messages GROUP BY channel ORDER BY channel",
                rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** The clients that completed a session with us, most recent first (at most {@code max}), with their DevInf. */
    List<SyncedClient> syncedClients(int max) {
        return sql.list("sync_state.clients", max, "SELECT s.account, s.device, s.datastore, s.synced_at, d.devinf"
                + " FROM sync_state s LEFT JOIN devices d ON d.device = s.device"
                + " AND d.devinf_account = s.account ORDER BY s.synced_at DESC NULLS LAST",
                rs -> {
                    long at = rs.getLong(4);
                    Instant when = rs.wasNull() ? null : Instant.ofEpochMilli(at);
                    return new SyncedClient(rs.getString(1), rs.getString(2), rs.getString(3), when, rs.getString(5));
                });
    }
}
