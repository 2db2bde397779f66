package meshchat.syncml.engine;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import meshchat.syncml.chat.MemoText;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.Tx;

/**
 * Works out package 4: what the client lacks. Incremental modes read the change log after the
 * client's last seen sequence number, so their cost follows the number of changes, not the size
 * of the chat. Slow sync and refresh send every visible message the client has not mapped,
 * newest first, so an interrupted first sync already holds the recent conversation. A slow sync
 * starts with a Delete for every client item that turned out to be a purged message (see
 * ClientChanges).
 */
final class ServerChanges {
    private static final int PAGE = 1000;

    private ServerChanges() {
    }

    static void compute(Session s, DatastoreSession ds, Tx tx) throws SQLException {
        long upTo = tx.lastSeq();
        if (!ds.serverSends()) {
            // Refresh from client included: libsynthesis answers any command of ours there with
            // 403 "Server command not allowed in one-way/refresh from client" and fails the sync,
            // so a purged item the client sent is only left unstored; its next slow sync deletes it.
            ds.seenSeq = upTo;
            return;
        }
        for (String luid : ds.purgedLuids) {
            ds.pending.add(delete(luid)); // first: the client drops its copies of purged messages
        }
        String account = s.account.name();
        if (ds.mode == AlertCode.SLOW_SYNC || ds.mode == AlertCode.REFRESH_FROM_SERVER) {
            for (Message m : tx.visible(account)) {
                if (inChannel(ds, m) && tx.luidForGuid(ds.key, m.id()).isEmpty()) {
                    ds.pending.add(add(m));
                }
            }
        } else {
            long from = ds.base == null ? 0 : ds.base.seenSeq();
            Map<MessageId, Change> latest = new LinkedHashMap<>();
            while (from < upTo) {
                List<Change> page = tx.changesSince(from, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                for (Change c : page) {
                    if (c.seq() > upTo) {
                        break;
                    }
                    if (c.kind() == Change.Kind.HIDE && !account.equals(c.account())) {
                        continue; // another account's private delete
                    }
                    latest.remove(c.id());
                    latest.put(c.id(), c);
                }
                from = page.get(page.size() - 1).seq();
            }
            for (Change c : latest.values()) {
                Optional<String> luid = tx.luidForGuid(ds.key, c.id());
                if (c.kind() == Change.Kind.ADD) {
                    Optional<Message> m = tx.message(c.id());
                    if (luid.isEmpty() && m.isPresent() && inChannel(ds, m.get()) && !tx.isHidden(account, c.id())) {
                        ds.pending.addFirst(add(m.get())); // newest first
                    }
                } else if (luid.isPresent()) {
                    ds.pending.add(delete(luid.get()));
                }
            }
        }
        ds.seenSeq = upTo;
        ds.numberOfChanges = ds.pending.size();
    }

    private static boolean inChannel(DatastoreSession ds, Message m) {
        return ds.channel == null || ds.channel.equals(m.channel());
    }

    static ItemCommand add(Message m) {
        return new ItemCommand(Command.Kind.ADD, null, false, false, false, MetInf.ofType(MemoText.CONTENT_TYPE),
                List.of(Item.text(null, Location.of(m.id().value()), null, MemoText.encode(m))));
    }

    /** A Delete to the client names its LUID as Target (no data). */
    static ItemCommand delete(String luid) {
        return new ItemCommand(Command.Kind.DELETE, null, false, false, false, MetInf.ofType(MemoText.CONTENT_TYPE),
                List.of(Item.text(Location.of(luid), null, null, null)));
    }
}
