package meshchat.syncml.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one reply message within the client's MaxMsgSize: CmdIDs from 1 in order; each command
 * is measured in encoded bytes as it is added (alone after the header, so nothing is re-encoded
 * per command). A command that does not fit, and every command after it, is carried over to the
 * next reply ({@link CarriedReply}) and this one goes out without Final; Sync content is fitted
 * item by item, cutting large objects into chunks.
 */
final class ReplyBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyBuilder.class);
    /** Room kept free below the client's MaxMsgSize, for estimation error (at most 1/16 of it). */
    private static final int SAFETY_BYTES = 512;
    /** Smallest room worth starting a chunk in after other items; below it the object starts in the next message. */
    private static final int MIN_CHUNK_ROOM = 1024;
    /**
     * Commands and items one reply holds at most, whatever the client's MaxMsgSize: a reply is
     * built, measured and kept for replay as objects, and 95,000 statuses of tiny Puts in one
     * reply ran a 64 MB heap out (security audit). A client's message never needs more at once:
     * the rest goes in the next reply, as when MaxMsgSize is reached.
     */
    static final int MAX_COMMANDS = 10_000;

    private final SyncHdr header;
    private final List<Command> commands = new ArrayList<>();
    /** How to remake each command of {@link #commands} with another CmdID (null for Sync), to carry it back. */
    private final List<IntFunction<Command>> remakes = new ArrayList<>();
    private int nextCmdId = 1;
    /** Set by {@link #fitTo}; until then (the SyncHdr status, refusals) commands are added unmeasured. */
    private ToIntFunction<SyncMessage> encodedSize;
    private CarriedReply carried;
    private long budget = Long.MAX_VALUE;
    private long limit = Long.MAX_VALUE;
    /** Encoded bytes of the header, Final and the message's framing. */
    private int emptySize;
    /** Encoded bytes of the commands so far (each measured alone after the header). */
    private long used;
    private int carriedOut;
    /** Commands and items in this reply so far, against {@link #MAX_COMMANDS}. */
    private int count;

    ReplyBuilder(SyncHdr header) {
        this.header = header;
    }

    /**
     * From now on commands must fit in {@code maxMsgSize} encoded bytes; the ones carried over
     * from the last reply go first. Logs when not even the SyncHdr status fits.
     */
    void fitTo(long maxMsgSize, ToIntFunction<SyncMessage> encodedSize, CarriedReply carried) {
        this.encodedSize = encodedSize;
        this.carried = carried;
        this.limit = maxMsgSize;
        this.budget = maxMsgSize - Math.min(SAFETY_BYTES, maxMsgSize / 16);
        emptySize = encodedSize.applyAsInt(new SyncMessage(header, List.of(), true));
        used = encodedSize.applyAsInt(new SyncMessage(header, commands, true)) - emptySize;
        if (emptySize + used > maxMsgSize) {
            LOG.warn("the client's MaxMsgSize {} cannot hold even our SyncHdr status ({} bytes): sending only that",
                    maxMsgSize, emptySize + used);
        }
        while (!carried.isEmpty()) {
            if (tryAdd(carried.peek())) {
                carried.poll();
                carriedOut++;
            } else if (onlyHeaderStatus()) {
                dropUnfitting(carried.poll());
            } else {
                break;
            }
        }
    }

    /** Adds a command made with the CmdID it gets here, or carries it over when it does not fit. */
    void add(IntFunction<Command> make) {
        if (carried != null && !carried.isEmpty() || !tryAdd(make)) {
            if (onlyHeaderStatus()) {
                dropUnfitting(make);
            } else {
                carried.add(make);
            }
        }
    }

    /**
     * Nothing in this reply yet but our SyncHdr status (none when the client asked for NoResp):
     * a command that does not fit now will not fit in any later reply either.
     */
    private boolean onlyHeaderStatus() {
        return commands.isEmpty()
                || commands.size() == 1 && commands.get(0) instanceof Status st && "SyncHdr".equals(st.cmd());
    }

    /**
     * As little as any reply of package 4 holds: statuses for our SyncHdr and at most one client
     * command (its Alert 222). An item that does not fit beside them will never fit.
     */
    private boolean asAloneAsItGets() {
        return commands.size() <= 2 && commands.stream().allMatch(c -> c instanceof Status);
    }

    /** Commands carried over from the last reply that went out in this one. */
    int carriedOut() {
        return carriedOut;
    }

    /** A command that does not fit even alone after the SyncHdr status would block every later reply. */
    private void dropUnfitting(IntFunction<Command> make) {
        Command c = make.apply(nextCmdId);
        LOG.warn("{} does not fit in the client's MaxMsgSize {} even alone: left out", c.kind().element, limit);
    }

    /**
     * Adds our status for command {@code cmdRef} ({@code cmd}) of message {@code msgRef}; refs
     * too long to echo are left out.
     */
    void status(String msgRef, String cmdRef, String cmd, String targetRef, String sourceRef, StatusCode code,
                MetInf chal, List<Item> items) {
        if ("SyncHdr".equals(cmd)) {
            // MsgRef + CmdRef 0 already name the header; its refs (TargetRef*, SourceRef* in the DTD)
            // would only echo two URIs the client knows, in every reply (issue 10: bytes on the air)
            targetRef = null;
            sourceRef = null;
        }
        add(ReplyDraft.statusOf(msgRef, cmdRef, cmd, targetRef, sourceRef, code, chal, items));
    }

    private boolean tryAdd(IntFunction<Command> make) {
        if (count >= MAX_COMMANDS) {
            return false;
        }
        Command c = make.apply(nextCmdId);
        if (encodedSize != null) {
            int size = measure(c);
            if (emptySize + used + size > budget) {
                return false;
            }
            used += size;
        }
        nextCmdId++;
        commands.add(c);
        remakes.add(make);
        count++;
        return true;
    }

    /**
     * Encoded bytes of one command after the header. Statuses of one {@link StatusShape} encode
     * to the same size in XML and WBXML, so one encoding per shape serves them all: the statuses
     * of a 270,000-item Add are measured a handful of times, not 270,000.
     */
    private int measure(Command c) {
        String shape = c instanceof Status st ? shapes().of(st) : null;
        if (shape == null) {
            return encodedSize.applyAsInt(new SyncMessage(header, List.of(c), true)) - emptySize;
        }
        Integer size = sizeByShape.get(shape);
        if (size == null) {
            size = encodedSize.applyAsInt(new SyncMessage(header, List.of(c), true)) - emptySize;
            sizeByShape.put(shape, size);
        }
        return size;
    }

    private final java.util.Map<String, Integer> sizeByShape = new java.util.HashMap<>();
    private StatusShape shapes;

    private StatusShape shapes() {
        if (shapes == null) {
            shapes = new StatusShape(header);
        }
        return shapes;
    }

    /** Only the SyncHdr status so far, and nothing owed from an earlier reply. */
    boolean hasOnlyHeaderStatus() {
        return commands.size() <= 1 && (carried == null || carried.isEmpty());
    }

    /** Whether this message has room for more (nothing was carried over yet). */
    boolean open() {
        return carried == null || carried.isEmpty();
    }

    /**
     * Adds a Sync for the datastore holding as many pending commands as fit; each one taken is
     * reported to {@code onSent} with its CmdID. An item too big for the room left is split into
     * chunks when the client supports large objects: the chunk goes last in this message, the
     * rest waits at the head of the queue. An item that fits in no message and cannot be chunked
     * is left out (logged). Returns false, adding nothing, when not even an empty Sync fits.
     */
    boolean sync(DatastoreSession ds, Long numberOfChanges, boolean largeObjects, BiConsumer<ItemCommand, String> onSent) {
        if (!open() || count >= MAX_COMMANDS - 1) { // room for the Sync and one item
            return false;
        }
        String syncId = Integer.toString(nextCmdId);
        Location target = Location.of(ds.clientUri);
        Location source = Location.of(ds.serverUri);
        Sync empty = new Sync(syncId, false, target, source, null, numberOfChanges, List.of());
        int base = encodedSize == null ? 0 : encodedSize.applyAsInt(new SyncMessage(header, List.of(empty), true));
        long syncSize = base - emptySize;
        if (encodedSize != null && emptySize + used + syncSize > budget) {
            return false;
        }
        nextCmdId++;
        long room0 = budget - emptySize - used - syncSize;
        boolean alone = asAloneAsItGets();
        List<Command> inside = new ArrayList<>();
        long taken = 0;
        count++;
        while (!ds.pending.isEmpty() && count < MAX_COMMANDS) {
            ItemCommand next = ((ItemCommand) ds.pending.peek()).withCmdId(Integer.toString(nextCmdId));
            long room = room0 - taken;
            int size = encodedSize == null ? 0 : sizeInSync(syncId, target, source, numberOfChanges, next) - base;
            if (size <= room) {
                ds.pending.poll();
                nextCmdId++;
                count++;
                inside.add(next);
                taken += size;
                onSent.accept(next, next.cmdId());
                continue;
            }
            boolean onlyChance = alone && inside.isEmpty(); // it will never have more room than now
            long minRoom = onlyChance ? 64 : MIN_CHUNK_ROOM;
            ItemCommand chunk = largeObjects && splittable(next) && room >= minRoom
                    ? firstChunk(ds, next, room, syncId, target, source, numberOfChanges, base) : null;
            if (chunk != null) {
                nextCmdId++;
                inside.add(chunk);
                onSent.accept(chunk, chunk.cmdId());
                break; // a chunk is always the last command of its message
            }
            if (!onlyChance) {
                break; // the rest goes in the next message
            }
            ds.pending.poll();
            LOG.warn("{} {} does not fit in the client's MaxMsgSize {} ({} bytes, {}): not sent", next.kind().element,
                    SessionProcessor.first(next.items(), next.kind() != Command.Kind.DELETE), limit, size,
                    largeObjects ? "too little room for a chunk" : "the client takes no large objects");
        }
        commands.add(new Sync(syncId, false, target, source, null, numberOfChanges, inside));
        remakes.add(null);
        used += syncSize + taken;
        return true;
    }

    private static boolean splittable(ItemCommand c) {
        return (c.kind() == Command.Kind.ADD || c.kind() == Command.Kind.REPLACE) && c.items().size() == 1
                && c.items().get(0).data() != null && c.items().get(0).data().length() > 1;
    }

    /**
     * Cuts the longest first piece of the item's data that fits in {@code room}, on a character
     * boundary (never inside a surrogate pair), and queues the rest as the continuation.
     */
    private ItemCommand firstChunk(DatastoreSession ds, ItemCommand c, long room, String syncId, Location target,
                                   Location source, Long numberOfChanges, int base) {
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
            if (sizeInSync(syncId, target, source, numberOfChanges, probe) - base <= room) {
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
        rest = rest.withCmdId(null);
        ds.pending.addFirst(rest);
        ds.continuation = rest;
        return piece(c, item, meta, data.substring(0, at), true);
    }

    /** A cut position at or below {@code n} that does not split a surrogate pair. */
    private static int cut(String s, int n) {
        return n > 0 && n < s.length() && Character.isLowSurrogate(s.charAt(n)) ? n - 1 : n;
    }

    private static ItemCommand piece(ItemCommand c, Item item, MetInf meta, String data, boolean moreData) {
        return c.withItems(List.of(Item.withData(item.target(), item.source(), meta, data).withMoreData(moreData)));
    }

    private int sizeInSync(String syncId, Location target, Location source, Long n, ItemCommand c) {
        return encodedSize.applyAsInt(new SyncMessage(header, List.of(new Sync(syncId, false, target, source, null, n,
                List.of(c))), true));
    }

    /**
     * The reply's encoded size as it goes out, plus Final's bytes when measured without. Final's
     * bytes are priced first: the encoder keeps the bytes of the last message it measured, and
     * the whole reply must be that message or it is encoded again to be sent (issue 10).
     */
    private int measureWhole(boolean measuredFin) {
        int finalBytes = measuredFin ? 0 : finalBytes(commands.get(commands.size() - 1));
        return encodedSize.applyAsInt(new SyncMessage(header, commands, measuredFin)) + finalBytes;
    }

    /** Encoded bytes of Final in a message whose body holds commands. */
    private int finalBytes(Command c) {
        return encodedSize.applyAsInt(new SyncMessage(header, List.of(c), true))
                - encodedSize.applyAsInt(new SyncMessage(header, List.of(c), false));
    }

    /**
     * The reply. When commands were carried over it goes without Final (the client asks for the
     * rest) and the carried-over part remembers whether this package was to end here. The whole
     * message is encoded once to check the per-command measurement; trailing non-Sync commands
     * that would break MaxMsgSize are carried over too.
     */
    SyncMessage build(boolean fin) {
        if (encodedSize != null) {
            // measured as it goes out (so the encoder can send the bytes it measured), plus Final's
            // bytes when it goes without: the cut is the same as when measured with Final. Final's
            // bytes depend only on the last command (in WBXML, the code page it ends in: END does
            // not switch back), so they are priced after it (an empty body ends differently).
            // a reply that carries commands over goes without Final: measured so too
            boolean goesFinal = fin && carried.isEmpty();
            int size = measureWhole(goesFinal || commands.isEmpty());
            while (size > limit && commands.size() > 1 && remakes.get(remakes.size() - 1) != null) {
                LOG.warn("reply measured {} bytes over MaxMsgSize {}: carrying its last command over", size, limit);
                commands.remove(commands.size() - 1);
                carried.addFirst(remakes.remove(remakes.size() - 1));
                size = measureWhole(false);
            }
            if (size > limit) {
                LOG.error("reply of {} bytes is over the client's MaxMsgSize {}", size, limit);
            }
        }
        if (carried != null) {
            carried.owedFinal = !carried.isEmpty() && fin;
            if (!carried.isEmpty()) {
                fin = false;
            }
        }
        return new SyncMessage(header, commands, fin);
    }
}
