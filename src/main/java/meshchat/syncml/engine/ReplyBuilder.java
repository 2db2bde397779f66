package meshchat.syncml.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMessage;

/** Builds one reply message: CmdIDs from 1 in order, and Sync content fitted under MaxMsgSize. */
final class ReplyBuilder {
    /** Room kept free below the client's MaxMsgSize, for estimation error. */
    private static final int SAFETY_BYTES = 512;

    private final SyncHdr header;
    private final List<Command> commands = new ArrayList<>();
    private int nextCmdId = 1;

    ReplyBuilder(SyncHdr header) {
        this.header = header;
    }

    String nextCmdId() {
        return Integer.toString(nextCmdId++);
    }

    void add(Command c) {
        commands.add(c);
    }

    void status(String msgRef, String cmdRef, String cmd, String targetRef, String sourceRef, int code,
                MetInf chal, List<Item> items) {
        commands.add(new Status(nextCmdId(), msgRef, cmdRef, cmd, targetRef == null ? List.of() : List.of(targetRef),
                sourceRef == null ? List.of() : List.of(sourceRef), chal, Integer.toString(code), items));
    }

    boolean hasOnlyHeaderStatus() {
        return commands.size() <= 1;
    }

    /**
     * Adds a Sync for the datastore holding as many pending commands as fit in {@code limit}
     * encoded bytes; each one taken is reported to {@code onSent} with the CmdID it got. An item
     * too big for the room left is split into chunks (large object) when the client supports
     * them: the chunk goes last in this message, the rest waits at the head of the queue.
     */
    void sync(DatastoreSession ds, Long numberOfChanges, long limit, boolean largeObjects,
              ToIntFunction<SyncMessage> encodedSize, java.util.function.BiConsumer<ItemCommand, String> onSent) {
        String syncId = nextCmdId();
        Location target = Location.of(ds.clientUri);
        Location source = Location.of(ds.serverUri);
        List<Command> inside = new ArrayList<>();
        Sync empty = new Sync(syncId, false, target, source, null, numberOfChanges, List.of());
        long budget = limit - SAFETY_BYTES - encodedSize.applyAsInt(messageWith(empty, true));
        // Items are measured alone in a message of just the header and the Sync, not re-encoding
        // this message's statuses once per item (a slow-sync reply can carry hundreds of them).
        int base = encodedSize.applyAsInt(new SyncMessage(header, List.of(empty), true));
        long used = 0;
        while (!ds.pending.isEmpty()) {
            ItemCommand head = (ItemCommand) ds.pending.peek();
            ItemCommand next = withCmdId(head, Integer.toString(nextCmdId));
            int size = sizeInSync(syncId, target, source, numberOfChanges, next, encodedSize) - base;
            long room = budget - used;
            boolean fits = used + size <= budget;
            // In a message of its own any room will do (tiny MaxMsgSize); after other items, only a useful amount.
            long minRoom = inside.isEmpty() ? 64 : MIN_CHUNK_ROOM;
            ItemCommand chunk = !fits && largeObjects && splittable(next) && room >= minRoom
                    ? firstChunk(ds, next, room, syncId, target, source, numberOfChanges, base, encodedSize) : null;
            if (chunk == null) {
                if (!fits && !inside.isEmpty()) {
                    break; // the rest goes in the next message
                }
                // fits, or cannot be made to fit: alone in a message is the best we can do
                ds.pending.poll();
                nextCmdId++;
                inside.add(next);
                used += size;
                onSent.accept(next, next.cmdId());
                continue;
            }
            nextCmdId++;
            inside.add(chunk);
            onSent.accept(chunk, chunk.cmdId());
            break; // a chunk is always the last command of its message
        }
        commands.add(new Sync(syncId, false, target, source, null, numberOfChanges, inside));
    }

    /** Smallest room worth starting a chunk in; below it the object starts in the next message. */
    private static final int MIN_CHUNK_ROOM = 1024;

    private static boolean splittable(ItemCommand c) {
        return (c.kind() == Command.Kind.ADD || c.kind() == Command.Kind.REPLACE) && c.items().size() == 1
                && c.items().get(0).data() != null && c.items().get(0).data().length() > 1;
    }

    /**
     * Cuts the longest first piece of the item's data that fits in {@code room}, on a character
     * boundary (never inside a surrogate pair), and queues the rest as the continuation.
     */
    private ItemCommand firstChunk(DatastoreSession ds, ItemCommand c, long room, String syncId, Location target,
                                   Location source, Long numberOfChanges, int base, ToIntFunction<SyncMessage> encodedSize) {
        Item item = c.items().get(0);
        String data = item.data();
        boolean first = ds.continuation != ds.pending.peek();
        MetInf meta = first ? MetInf.orEmpty(item.meta())
                .withSize((long) data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length) : item.meta();
        int lo = 0;
        int hi = data.length() - 1;
        while (lo < hi) { // largest prefix length that fits
            int mid = (lo + hi + 1) >>> 1;
            ItemCommand probe = piece(c, item, meta, data.substring(0, cut(data, mid)), true);
            if (sizeInSync(syncId, target, source, numberOfChanges, probe, encodedSize) - base <= room) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int at = cut(data, lo);
        if (at == 0) {
            return null;
        }
        ds.pending.poll();
        ItemCommand rest = piece(c, item, null, data.substring(at), false);
        rest = new ItemCommand(rest.kind(), null, rest.noResp(), rest.archive(), rest.sftDel(), rest.meta(), rest.items());
        ds.pending.addFirst(rest);
        ds.continuation = rest;
        return piece(c, item, meta, data.substring(0, at), true);
    }

    /** A cut position at or below {@code n} that does not split a surrogate pair. */
    private static int cut(String s, int n) {
        return n > 0 && n < s.length() && Character.isLowSurrogate(s.charAt(n)) ? n - 1 : n;
    }

    private static ItemCommand piece(ItemCommand c, Item item, MetInf meta, String data, boolean moreData) {
        Item i = new Item(item.target(), item.source(), meta, data, null, null, moreData);
        return new ItemCommand(c.kind(), c.cmdId(), c.noResp(), c.archive(), c.sftDel(), c.meta(), List.of(i));
    }

    private int sizeInSync(String syncId, Location target, Location source, Long n, ItemCommand c,
                           ToIntFunction<SyncMessage> encodedSize) {
        return encodedSize.applyAsInt(new SyncMessage(header, List.of(new Sync(syncId, false, target, source, null, n,
                List.of(c))), true));
    }

    private SyncMessage messageWith(Command extra, boolean fin) {
        List<Command> all = new ArrayList<>(commands);
        all.add(extra);
        return new SyncMessage(header, all, fin);
    }

    private static ItemCommand withCmdId(ItemCommand c, String id) {
        return new ItemCommand(c.kind(), id, c.noResp(), c.archive(), c.sftDel(), c.meta(), c.items());
    }

    SyncMessage build(boolean fin) {
        return new SyncMessage(header, commands, fin);
    }
}
