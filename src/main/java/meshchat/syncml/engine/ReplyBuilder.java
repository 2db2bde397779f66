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
     * encoded bytes; each one taken is reported to {@code onSent} with the CmdID it got.
     */
    void sync(DatastoreSession ds, Long numberOfChanges, long limit, ToIntFunction<SyncMessage> encodedSize,
              java.util.function.BiConsumer<ItemCommand, String> onSent) {
        String syncId = nextCmdId();
        Location target = Location.of(ds.clientUri);
        Location source = Location.of(ds.serverUri);
        List<Command> inside = new ArrayList<>();
        Sync empty = new Sync(syncId, false, target, source, null, numberOfChanges, List.of());
        int base = encodedSize.applyAsInt(messageWith(empty, true));
        long budget = limit - SAFETY_BYTES - base;
        long used = 0;
        while (!ds.pending.isEmpty()) {
            ItemCommand next = withCmdId((ItemCommand) ds.pending.peek(), Integer.toString(nextCmdId));
            int size = encodedSize.applyAsInt(messageWith(new Sync(syncId, false, target, source, null,
                    numberOfChanges, List.of(next)), true)) - base;
            if (used + size > budget && !inside.isEmpty()) {
                break; // the rest goes in the next message
            }
            ds.pending.poll();
            nextCmdId++;
            inside.add(next);
            used += size;
            onSent.accept(next, next.cmdId());
        }
        commands.add(new Sync(syncId, false, target, source, null, numberOfChanges, inside));
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
