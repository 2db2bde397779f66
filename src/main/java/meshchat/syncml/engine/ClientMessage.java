package meshchat.syncml.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Put;
import meshchat.syncml.protocol.Results;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills one client message up to the peer's MaxMsgSize: CmdIDs from 1 in order, each command
 * measured in encoded bytes alone after the header (so a message is not re-encoded per command).
 * The first command always goes in, so every message makes progress. A package-3 item too big for
 * the room left is cut into chunks (RepPro 1.2, "Large Object Handling"): Size on the first, MoreData
 * on all but the last, a chunk always last in its message. Used within one step only.
 */
final class ClientMessage {
    private static final Logger LOG = LoggerFactory.getLogger(ClientMessage.class);
    /** Room kept free below the peer's MaxMsgSize, for estimation error (at most 1/16 of it). */
    private static final int SAFETY_BYTES = 512;
    /** Smallest room worth starting a chunk in after other items; below it the object starts in the next message. */
    private static final int MIN_CHUNK_ROOM = 1024;

    /** What {@link #sync} took: the commands sent (with CmdIDs) and the items left, a chunk's rest first. */
    record SyncFill(List<ItemCommand> sent, List<ClientSession.OutItem> rest, int completed) {
    }

    private final SyncHdr header;
    private final ToIntFunction<SyncMessage> size;
    private final long budget;
    private final int empty;
    private long used;
    private int nextId = 1;
    private final List<Command> commands = new ArrayList<>();

    ClientMessage(SyncHdr header, long maxMsgSize, ToIntFunction<SyncMessage> size) {
        this.header = header;
        this.size = size;
        this.budget = maxMsgSize - Math.min(SAFETY_BYTES, maxMsgSize / 16);
        this.empty = size.applyAsInt(new SyncMessage(header, List.of(), true));
    }

    /** Adds {@code c} with the next CmdID when it fits (the first command always does). */
    boolean add(Command c) {
        Command numbered = withCmdId(c, Integer.toString(nextId));
        int s = measure(numbered);
        if (!commands.isEmpty() && empty + used + s > budget) {
            return false;
        }
        commands.add(numbered);
        used += s;
        nextId++;
        return true;
    }

    /** Adds one Map with as many of {@code items} as fit; returns how many went in. */
    int map(String target, String source, List<MapCommand.MapItem> items) {
        String id = Integer.toString(nextId);
        int base = measure(new MapCommand(id, Location.of(target), Location.of(source), null, List.of()));
        List<MapCommand.MapItem> taken = new ArrayList<>();
        long room = budget - empty - used - base;
        for (MapCommand.MapItem mi : items) {
            int s = measure(new MapCommand(id, Location.of(target), Location.of(source), null, List.of(mi))) - base;
            if (s > room && !(commands.isEmpty() && taken.isEmpty())) {
                break;
            }
            taken.add(mi);
            room -= s;
        }
        if (!taken.isEmpty()) {
            MapCommand m = new MapCommand(id, Location.of(target), Location.of(source), null, taken);
            commands.add(m);
            used += measure(m);
            nextId++;
        }
        return taken.size();
    }

    /**
     * Adds a Sync holding as many of {@code pending} as fit (an empty Sync when none do but the Sync
     * does). Returns null when not even the empty Sync fits.
     */
    SyncFill sync(String target, String source, Long numberOfChanges, List<ClientSession.OutItem> pending) {
        String syncId = Integer.toString(nextId);
        int base = measure(new Sync(syncId, false, Location.of(target), Location.of(source), null, numberOfChanges, List.of()));
        if (!commands.isEmpty() && empty + used + base > budget) {
            return null;
        }
        int id = nextId + 1;
        long room = budget - empty - used - base;
        boolean alone = commands.stream().allMatch(c -> c instanceof Status);
        List<ItemCommand> inside = new ArrayList<>();
        List<ClientSession.OutItem> rest = new ArrayList<>(pending);
        int completed = 0;
        long taken = 0;
        while (!rest.isEmpty()) {
            ClientSession.OutItem next = rest.get(0);
            ItemCommand c = command(next, Integer.toString(id), next.data(), false);
            int s = measure(new Sync(syncId, false, Location.of(target), Location.of(source), null, numberOfChanges,
                    List.of(c))) - base;
            if (s <= room - taken) {
                inside.add(c);
                rest.remove(0);
                taken += s;
                id++;
                completed++;
                continue;
            }
            boolean onlyChance = alone && inside.isEmpty(); // it will never have more room than now
            long left = room - taken;
            if (next.kind() == Command.Kind.ADD && next.data().length() > 1 && left >= (onlyChance ? 64 : MIN_CHUNK_ROOM)) {
                int cut = longestPrefix(next, Integer.toString(id), syncId, target, source, numberOfChanges, base, left);
                if (cut > 0) {
                    inside.add(command(next, Integer.toString(id), next.data().substring(0, cut), true));
                    rest.set(0, new ClientSession.OutItem(next.kind(), next.guid(), next.data().substring(cut), true));
                    id++;
                    break; // a chunk is always the last command of its message
                }
            }
            if (!onlyChance) {
                break; // the rest goes in the next message
            }
            rest.remove(0);
            LOG.warn("{} {} does not fit in the peer's MaxMsgSize even alone: not sent", next.kind().element,
                    next.guid().value());
        }
        commands.add(new Sync(syncId, false, Location.of(target), Location.of(source), null, numberOfChanges, List.<Command>copyOf(inside)));
        used += base + taken;
        nextId = id;
        return new SyncFill(inside, rest, completed);
    }

    /** The longest prefix of the item's data (never splitting a surrogate pair) whose chunk fits in {@code room}. */
    private int longestPrefix(ClientSession.OutItem item, String cmdId, String syncId, String target, String source,
                              Long n, int base, long room) {
        String data = item.data();
        int lo = 0;
        int hi = data.length() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            ItemCommand probe = command(item, cmdId, data.substring(0, cut(data, mid)), true);
            int s = measure(new Sync(syncId, false, Location.of(target), Location.of(source), null, n, List.of(probe))) - base;
            if (s <= room) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return cut(data, lo);
    }

    private static int cut(String s, int n) {
        return n > 0 && n < s.length() && Character.isLowSurrogate(s.charAt(n)) ? n - 1 : n;
    }

    /**
     * The Add or Delete for an item. LUID = GUID on meshchat-full, so the Source names the GUID
     * (a Delete too: the peer finds it even when it never mapped it); a Delete's Data is the
     * purged text's hash line when there is one. The first chunk of a large object carries the
     * whole object's Size in bytes.
     */
    static ItemCommand command(ClientSession.OutItem item, String cmdId, String data, boolean moreData) {
        MetInf type = MetInf.ofType(MessageItem.CONTENT_TYPE);
        Location luid = Location.of(item.guid().value());
        if (item.kind() == Command.Kind.DELETE) {
            return ItemCommand.delete(cmdId, type, Item.withData(null, luid, item.data()));
        }
        MetInf meta = moreData && !item.continuation()
                ? MetInf.EMPTY.withSize((long) item.data().getBytes(StandardCharsets.UTF_8).length) : null;
        return ItemCommand.add(cmdId, type, Item.withData(null, luid, meta, data).withMoreData(moreData));
    }

    private int measure(Command c) {
        return size.applyAsInt(new SyncMessage(header, List.of(c), true)) - empty;
    }

    boolean hasOnlyStatuses() {
        return commands.stream().allMatch(c -> c instanceof Status);
    }

    SyncMessage build(boolean fin) {
        return new SyncMessage(header, commands, fin);
    }

    static Command withCmdId(Command c, String id) {
        return switch (c.kind()) {
            case STATUS -> ((Status) c).withCmdId(id);
            case ALERT -> ((Alert) c).withCmdId(id);
            case PUT -> {
                Put p = (Put) c;
                yield new Put(id, p.noResp(), p.meta(), p.items());
            }
            case RESULTS -> {
                Results r = (Results) c;
                yield new Results(id, r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(), r.sourceRef(), r.items());
            }
            case MAP -> {
                MapCommand m = (MapCommand) c;
                yield new MapCommand(id, m.target(), m.source(), m.meta(), m.mapItems());
            }
            default -> throw new IllegalArgumentException("not numbered here: " + c.kind());
        };
    }
}
