package meshchat.syncml.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import meshchat.syncml.chat.Message;

/**
 * The messages a client lacks in a slow sync or refresh (visible to its account, not mapped to
 * it), newest first, read a page at a time so a session sending 100,000 holds one page in memory,
 * not the chat. Each page is an index range scan of messages_newest (or messages_channel_newest)
 * after the last row of the previous page, and a lookup by the luid_map_guid key per row read.
 * Their number is counted by {@link UnmappedCount}.
 */
final class UnmappedScan {
    private static final String COLUMNS = "guid, epoch, message_text, call_sign, node, platform, channel, message_text_long, seq";
    private static final String ORDER = Tx.NEWEST_FIRST;

    /** A row read, with its seq: the key of the newest-first order after its epoch. */
    private record Read(Message message, long seq) {
    }

    private static Read read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Read(Tx.message(rs), rs.getLong(9));
    }

    private final Sql sql;
    private final ClientState clients;
    /** The hidden GUIDs of {@link #hiddenAccount}, for the pages of this transaction. */
    private Set<String> hidden;
    private String hiddenAccount;

    UnmappedScan(Sql sql, ClientState clients) {
        this.sql = sql;
        this.clients = clients;
    }

    /**
     * Reads up to {@code rows} messages after {@code after} (null: from the newest) in the
     * channel (null: all) and keeps those {@code key}'s client has not mapped and its account
     * has not hidden.
     */
    UnmappedPage page(ClientKey key, String channel, UnmappedPage.Position after, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1: " + rows);
        }
        String inChannel = channel == null ? "" : "channel = ? AND ";
        List<Read> read = new ArrayList<>();
        if (after != null) { // the rest of the last page's second, then older seconds
            read.addAll(sql.list("messages.unmappedSameEpoch" + (channel == null ? "" : "InChannel"), rows,
                    "SELECT " + COLUMNS + " FROM messages WHERE " + inChannel + "epoch = ? AND seq < ?" + ORDER,
                    UnmappedScan::read, args(channel, after.epoch(), after.seq())));
            if (read.size() < rows) {
                read.addAll(sql.list("messages.unmappedOlder" + (channel == null ? "" : "InChannel"), rows - read.size(),
                        "SELECT " + COLUMNS + " FROM messages WHERE " + inChannel + "epoch < ?" + ORDER, UnmappedScan::read,
                        args(channel, after.epoch())));
            }
        } else {
            read.addAll(channel == null
                    ? sql.list("messages.unmappedFirst", rows, "SELECT " + COLUMNS + " FROM messages" + ORDER, UnmappedScan::read)
                    : sql.list("messages.unmappedFirstInChannel", rows, "SELECT " + COLUMNS + " FROM messages"
                            + " WHERE channel = ?" + ORDER, UnmappedScan::read, channel));
        }
        // per row one lookup by the whole luid_map_guid key: Derby scanned the client's map rows for
        // an IN list on its last column, which made a refresh of 100,000 quadratic
        Set<String> hidden = hiddenFor(key.account());
        int client = clients.idOf(key);
        List<Message> kept = new ArrayList<>(read.size());
        for (Read r : read) {
            Message m = r.message();
            if (!hidden.contains(m.id().value()) && !clients.mapped(client, m.id().value())) {
                kept.add(m);
            }
        }
        Read last = read.isEmpty() ? null : read.get(read.size() - 1);
        UnmappedPage.Position next = last == null ? after : new UnmappedPage.Position(last.message().epoch(), last.seq());
        return new UnmappedPage(kept, next, read.size() < rows);
    }

    /**
     * How many messages {@link #page} would return in all, counted in the store without reading them.
     * The hidden GUIDs are read afresh (once per count): a hide earlier in this transaction counts.
     */
    long count(ClientKey key, String channel) {
        return UnmappedCount.count(sql, clients.idOf(key), key.account(), () -> Tx.hiddenGuids(sql, key.account()), channel);
    }

    /** GUIDs the account has hidden (few: a hide is a user's Delete on a device), read once per scan. */
    private Set<String> hiddenFor(String account) {
        if (hidden == null || !account.equals(hiddenAccount)) {
            hidden = Tx.hiddenGuids(sql, account);
            hiddenAccount = account;
        }
        return hidden;
    }

    private static Object[] args(String channel, Object... rest) {
        return channel == null ? rest : prepend(channel, rest);
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
