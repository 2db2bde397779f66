package meshchat.syncml.engine;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.Tombstone;

/**
 * Works out package 4: what the client lacks. Incremental modes read the change log after the
 * client's last seen sequence number, so their cost follows the number of changes, not the size
 * of the chat. Slow sync and refresh send every visible message the client has not mapped,
 * newest first, so an interrupted first sync already holds the recent conversation. A slow sync
 * starts with a Delete for every client item that turned out to be a purged message (see
 * ClientChanges).
 *
 * <p>On the lossless datastore (meshchat-full) Adds carry the whole message, and a client's LUID is
 * the GUID: so a purge goes out as a Delete naming the GUID even when the client never mapped it
 * (it may hold the message from another path), a slow sync starts with a Delete for every
 * tombstone within the retention, and a purged GUID the client added is answered with a Delete in
 * every mode where we send. What the client itself deleted in this session is not echoed back.
 */
final class ServerChanges {

    private ServerChanges() {
    }

    /**
     * Our changes for this datastore, in the order they go out, and the change seq they reach
     * (what the client will have seen once the session completes).
     */
    record Package4(List<ItemCommand> commands, long seenSeq, Package4Feed feed, long feedCount) {
        Package4 {
            commands = List.copyOf(commands);
        }

        Package4(List<ItemCommand> commands, long seenSeq) {
            this(commands, seenSeq, null, 0);
        }
    }

    static Package4 compute(Session s, DatastoreSession ds, ServerView view) {
        long upTo = view.lastSeq();
        if (!ds.serverSends()) {
            // Refresh from client included: libsynthesis answers any command of ours there with
            // 403 "Server command not allowed in one-way/refresh from client" and fails the sync,
            // so a purged item the client sent is only left unstored; its next slow sync deletes it.
            return new Package4(List.of(), upTo);
        }
        Deque<ItemCommand> pending = new ArrayDeque<>();
        boolean full = ds.format == DatastoreSession.Format.FULL;
        if (!full) {
            MemoFormats.settle(s.clientDevInf, ds); // the note format of everything we send in this session
        }
        Set<String> deleting = new HashSet<>();
        for (String luid : ds.purgedLuids) {
            pending.add(delete(ds, luid, view)); // first: the client drops its copies of purged messages
            deleting.add(luid);
        }
        String account = s.account.name();
        if (ds.mode == AlertCode.SLOW_SYNC || ds.mode == AlertCode.REFRESH_FROM_SERVER) {
            if (full && ds.mode == AlertCode.SLOW_SYNC) {
                // a node that was away may hold purged messages: every tombstone within the retention
                for (Tombstone t : view.tombstonesSince(ds.tombstonesFrom)) {
                    String luid = t.id().value();
                    if (!ds.deletedByClient.contains(t.id()) && deleting.add(luid)) {
                        pending.add(delete(ds, luid, view));
                    }
                }
            }
            // the Adds follow page by page as the replies go out (UnmappedFeed), not all read now
            long lacking = view.unmappedCount(ds.key, ds.channel);
            return new Package4(List.copyOf(pending), upTo, new UnmappedFeed(ds, lacking, upTo), lacking);
        } else {
            // the Adds are chosen now (and counted) but only their ids kept: ChangedFeed reads them
            // again a few replies ahead; those over the client's MaxObjSize are left out now
            Deque<MessageId> adds = new ArrayDeque<>();
            for (Change c : latestChanges(view, ds.base == null ? 0 : ds.base.seenSeq(), upTo, account)) {
                Optional<String> luid = view.luidForGuid(ds.key, c.id());
                if (c.kind() == Change.Kind.ADD) {
                    Optional<Message> m = view.message(c.id());
                    if (luid.isEmpty() && m.isPresent() && inChannel(ds, m.get()) && !view.isHidden(account, c.id())
                            && (s.clientMaxObjSize <= 0 || !SessionProcessor.tooBig(add(ds, m.get()), s.clientMaxObjSize))) {
                        adds.addFirst(c.id()); // newest first
                    }
                } else if (ds.deletedByClient.contains(c.id())) {
                    continue; // the client's own Delete: not echoed
                } else if (luid.isPresent()) {
                    if (deleting.add(luid.get())) {
                        pending.add(delete(ds, luid.get(), view));
                    }
                } else if (full && c.kind() == Change.Kind.PURGE && deleting.add(c.id().value())) {
                    // the client's LUID is the GUID: it may hold the message from another path
                    pending.add(delete(ds, c.id().value(), view));
                }
            }
            ChangedFeed feed = new ChangedFeed(ds, adds, List.copyOf(pending));
            return new Package4(List.of(), upTo, feed, feed.size());
        }
    }

    /** The last change per message after {@code from} up to {@code upTo}, in log order; others' HIDEs left out. */
    private static Collection<Change> latestChanges(ServerView view, long from, long upTo, String account) {
        return view.latestChanges(from, upTo, c -> c.kind() != Change.Kind.HIDE || account.equals(c.account()));
    }

    static boolean inChannel(DatastoreSession ds, Message m) {
        return ds.channel == null || ds.channel.equals(m.channel());
    }

    /** An Add in the datastore's format: a note object of the memo's format, or the whole message (item data of {@link MessageItem}). */
    static ItemCommand add(DatastoreSession ds, Message m) {
        boolean full = ds.format == DatastoreSession.Format.FULL;
        return ItemCommand.add(null, full ? MetInf.ofType(MessageItem.CONTENT_TYPE) : MemoFormats.meta(ds),
                Item.withData(null, Location.of(m.id().value()), full ? MessageItem.encode(m) : MemoFormats.data(ds, m)));
    }

    /**
     * A Delete to the client names its LUID as Target; on meshchat-full that is the GUID, and a
     * purge's Delete carries its tombstone's text hash as Data ({@link MessageItem#deleteData}).
     */
    static ItemCommand delete(DatastoreSession ds, String luid, ServerView view) {
        String data = ds.format != DatastoreSession.Format.FULL ? null : DeleteHashes.dataFor(view, luid);
        MetInf meta = ds.format == DatastoreSession.Format.FULL ? MetInf.ofType(MessageItem.CONTENT_TYPE)
                : MetInf.ofType(MemoFormats.sessionFormat(ds).contentType());
        return ItemCommand.delete(null, meta, Item.withData(Location.of(luid), null, data));
    }
}
