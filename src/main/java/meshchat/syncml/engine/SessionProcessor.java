package meshchat.syncml.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Results;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.store.SyncState;

/**
 * The server role's step for one client message, in three parts that {@link SyncServer} runs in
 * order: {@link #commands} answers the client's commands and {@link #completion} decides what
 * follows (package 4 read from the change log once the client's changes are applied, package 6's
 * anchors), both inside the message's transaction, reading through {@link PendingChanges} and
 * writing nothing; {@link #reply} fits the drafted reply into the client's MaxMsgSize after the
 * commit. It is the one place that changes the {@link Session}.
 */
final class SessionProcessor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionProcessor.class);
    /** Exchanges without progress after which a session is ended (Alert 222 ping-pong guard). */
    static final int MAX_IDLE_EXCHANGES = 10;

    private final ServerConfig config;
    private final ClientChanges clientChanges;
    private final IncomingChunks chunks;
    private final Alerts alerts;

    SessionProcessor(ServerConfig config, ClientChanges clientChanges, LargeObjectBuffers buffers) {
        this.config = config;
        this.clientChanges = clientChanges;
        this.chunks = new IncomingChunks(config.maxObjSize(), buffers);
        this.alerts = new Alerts(config);
    }

    /** Alert 223: the rest of a chunked object never came; it is dropped. */
    private static Alert noEndOfData(String cmdId, DatastoreSession ds, IncomingChunks.Partial p) {
        return Alert.of(cmdId, AlertCode.NO_END_OF_DATA, Item.naming(Location.of(ds.serverUri), Location.of(p.luid())));
    }

    private static void noEndOfData(DatastoreSession ds, IncomingChunks.Partial p, List<IntFunction<Command>> later) {
        later.add(id -> noEndOfData(Integer.toString(id), ds, p));
    }


    /** A client message continues the session: what its header tells us, and our reply's MsgID. */
    void begin(Session s, SyncHdr h, Instant now) {
        s.lastActivity = now;
        s.lastClientMsgId = SyncServer.parseInt(h.msgId());
        if (h.meta() != null && h.meta().maxMsgSize() != null && h.meta().maxMsgSize() > 0) {
            // never more than we would accept ourselves: a reply is built and kept for replay as objects
            s.clientMaxMsgSize = Math.min(h.meta().maxMsgSize(), config.maxMsgSize());
        } else if (s.clientMaxMsgSize == 0) {
            s.clientMaxMsgSize = config.maxMsgSize();
        }
        if (h.meta() != null && h.meta().maxObjSize() != null && h.meta().maxObjSize() > 0) {
            s.clientMaxObjSize = h.meta().maxObjSize();
        }
        s.serverMsgId++;
    }

    /** The message and our reply, to answer a re-sent message with the same reply. */
    void end(Session s, SyncMessage in, SyncMessage out) {
        s.lastRequest = Session.RequestPrint.of(in);
        s.lastReply = out;
        // what the client's messages make us hold; our changes queued for package 4 are not counted:
        // the store's content sets them, not the client (a slow sync reads them ahead, at most 4 MB)
        s.carriedBytes = s.carried.retainedBytes();
        s.retainedBytes = s.carriedBytes + Session.estimatedBytes(out.commands())
                + (long) s.awaitingStatus.size() * Session.AWAITING_BYTES;
    }

    /** What the client's commands left for {@link #completion} and {@link #reply}. */
    record Commands(boolean resuming, boolean owed, boolean sawSync, boolean progress) {
    }

    /** What the reply carries after the answers to the client's commands. */
    enum Next {
        /** Final, nothing more: package 2, package 6's answer, a late message, or what was owed. */
        FINAL,
        /** As many of our changes as fit (package 4, first or next message of it). */
        CHANGES,
        /** The client's package goes on: statuses only, or Alert 222 when we owe nothing. */
        CONTINUE
    }

    /**
     * The answers to the client's commands, after the SyncHdr status (the caller adds that to the
     * reply), into {@code draft}; the store changes they decide into {@code changes}.
     */
    Commands commands(Session s, SyncMessage in, PendingChanges changes, ReplyDraft draft, Instant now) {
        String msgRef = in.header().msgId();
        boolean statuses = !in.header().noResp();
        // Our last reply was cut short of its Final: this message asks for the rest (Alert 222).
        boolean resuming = s.carried.owedFinal;
        boolean owed = !s.carried.isEmpty();
        List<IntFunction<Command>> later = new ArrayList<>();
        boolean sawSync = false;
        boolean progress = false;
        for (Command c : in.commands()) {
            switch (c.kind()) {
                case STATUS -> onStatus(s, (Status) c, changes);
                case ALERT -> {
                    DatastoreSession ds = alerts.onAlert(s, (Alert) c, msgRef, changes, draft, later, now, statuses);
                    if (ds != null) {
                        s.datastores.put(ds.serverUri, ds);
                        progress = true;
                    }
                }
                case PUT -> {
                    for (Item i : c.items()) {
                        if (i.devInf() != null) {
                            rememberDevInf(s, i, changes);
                        }
                    }
                    status(statuses && !c.noResp(), draft, msgRef, c, null, first(c.items(), true), StatusCode.OK);
                }
                case RESULTS -> {
                    for (Item i : c.items()) {
                        if (i.devInf() != null) {
                            rememberDevInf(s, i, changes);
                        }
                    }
                    status(statuses, draft, msgRef, c, null, ((Results) c).sourceRef(), StatusCode.OK);
                }
                case GET -> onGet(s, c, msgRef, draft, later, statuses);
                case SYNC -> {
                    sawSync = true;
                    progress = true;
                    onSync(s, (Sync) c, msgRef, changes, draft, statuses, now, later);
                }
                case MAP -> {
                    progress = true;
                    onMap(s, (MapCommand) c, msgRef, changes, draft, statuses);
                }
                case ADD, REPLACE, DELETE -> status(statuses && !c.noResp(), draft, msgRef, c, null,
                        first(c.items(), true), StatusCode.COMMAND_NOT_ALLOWED); // only inside Sync
                default -> status(statuses && !c.noResp(), draft, msgRef, c, null, null,
                        StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED);
            }
        }
        later.forEach(draft::add);
        return new Commands(resuming, owed, sawSync, progress);
    }

    /**
     * Decides what follows the answers: our alerts (package 2), our changes (package 4, worked
     * out here from the store) or the end (package 6 saves the anchors). {@code changes} starts
     * empty: the client's own changes are applied already, so the change log holds them.
     */
    Next completion(Session s, SyncMessage in, Commands done, PendingChanges changes, ReplyDraft draft, Instant now) {
        if (done.resuming() && !done.sawSync()) {
            // the package we owed continues; the client's message started nothing new. A Sync
            // means the client went on to package 3 without asking for the rest (or asked in the
            // same message): the carried commands go first and its package is answered as usual,
            // else a Final on package 3 would be answered with Final and no package 4.
            if (s.phase == Phase.SERVER_SYNC) {
                topUp(s, changes);
                return Next.CHANGES;
            }
            return Next.FINAL;
        }
        boolean sawSync = done.sawSync();
        if (s.phase == Phase.INIT && !s.datastores.isEmpty() && (in.fin() || sawSync)) {
            s.phase = Phase.CLIENT_SYNC;
            if (!sawSync) {
                return Next.FINAL; // package 2
            }
        }
        if (s.phase == Phase.CLIENT_SYNC && in.fin()) {
            knownDevInf(s, changes);
            for (DatastoreSession ds : s.datastores.values()) {
                if (ds.partial != null) {
                    IncomingChunks.Partial p = ds.partial;
                    chunks.drop(s.account.name(), ds);
                    draft.add(id -> noEndOfData(Integer.toString(id), ds, p));
                }
                ServerChanges.Package4 ours = ServerChanges.compute(s, ds, changes);
                ds.pending.addAll(ours.commands()); // Deletes only: Adds over MaxObjSize were left out when chosen
                ds.seenSeq = ours.seenSeq();
                ds.feed = ours.feed();
                ds.numberOfChanges = (int) Math.min(Integer.MAX_VALUE, ds.pending.size() + ours.feedCount());
            }
            s.phase = Phase.SERVER_SYNC;
            s.clientChanges.endOfClientChanges();
            topUp(s, changes);
            return Next.CHANGES;
        }
        if (s.phase == Phase.SERVER_SYNC) {
            topUp(s, changes);
            return Next.CHANGES;
        }
        if (s.phase == Phase.MAP && in.fin()) {
            for (DatastoreSession ds : s.datastores.values()) {
                SyncState b = ds.base;
                changes.saveSyncState(ds.key, b == null ? new SyncState(ds.clientNext, ds.serverNext, ds.seenSeq)
                        : new SyncState(ds.clientNext, ds.serverNext, ds.seenSeq, b.clientAnchor(), b.serverAnchor(), b.seenSeq()));
                changes.markSynced(ds.key, now); // a meshchat-full client away longer than the tombstone retention will slow-sync
            }
            s.phase = Phase.DONE;
            return Next.FINAL; // package 6: anchors committed with this message's transaction
        }
        if (s.phase == Phase.INIT && in.fin()) {
            s.phase = Phase.DONE; // DevInf exchange only, nothing to synchronise
            return Next.FINAL;
        }
        if (s.phase == Phase.DONE) {
            return Next.FINAL; // a late message (some clients send one more Final, or a late Map)
        }
        return Next.CONTINUE;
    }

    /**
     * Most of our changes read ahead per datastore: two replies' worth, within 64 KB to 4 MB. A
     * client whose MaxMsgSize holds more than that empties the queue in one reply; package 4 then
     * goes on in the next message ({@link #allSent}).
     */
    private static void topUp(Session s, ServerView view) {
        long bytes = Math.max(64 * 1024L, Math.min(4L << 20, 2L * s.clientMaxMsgSize));
        for (DatastoreSession ds : s.datastores.values()) {
            if (ds.feed != null && !ds.feed.done()) {
                ds.feed.topUp(view, bytes, c -> s.clientMaxObjSize <= 0 || !tooBig(c, s.clientMaxObjSize));
            }
        }
    }

    /** Whether every change of package 4 for this datastore went out: none queued, none left to read. */
    private static boolean allSent(DatastoreSession ds) {
        return ds.pending.isEmpty() && (ds.feed == null || ds.feed.done());
    }

    /**
     * Builds the reply after the transaction committed: the commands owed from our last reply,
     * the drafted answers, then what {@code next} says, fitted into the client's MaxMsgSize. Only
     * here are commands encoded for their size, so that never happens under the store's lock.
     */
    SyncMessage reply(Session s, Commands done, Next next, ReplyDraft draft, ReplyBuilder reply,
                      ToIntFunction<SyncMessage> encodedSize) {
        int carriedBefore = s.carried.size();
        reply.fitTo(s.clientMaxMsgSize, encodedSize, s.carried);
        draft.commands().forEach(reply::add);
        switch (next) {
            case FINAL:
                return reply.build(true);
            case CHANGES:
                return sendChanges(s, reply);
            default:
                break;
        }
        // The client's package continues: statuses only, or Alert 222 when we owe nothing.
        // what was owed went out, or the queue of it shrank: a long run of carried statuses is
        // drained over many replies, each one progress (counted only once empty, its 12th reply
        // ended the session); a message adding as many statuses as its reply drains is not
        boolean progress = done.progress() || done.owed() && s.carried.isEmpty() || s.carried.size() < carriedBefore;
        s.idleExchanges = progress ? 0 : s.idleExchanges + 1;
        if (reply.hasOnlyHeaderStatus()) {
            DatastoreSession ds = s.datastores.values().stream().findFirst().orElse(null);
            reply.add(id -> Alert.of(Integer.toString(id), AlertCode.NEXT_MESSAGE,
                    ds == null ? List.of() : List.of(Item.naming(Location.of(ds.clientUri), Location.of(ds.serverUri)))));
        }
        return reply.build(false);
    }

    /**
     * Package 4: a Sync per datastore (even an empty one) with as many of our changes as fit.
     * Final goes on the message that completes it; a Sync that found no room waits for the next.
     */
    private SyncMessage sendChanges(Session s, ReplyBuilder reply) {
        int sentBefore = s.datastores.values().stream().mapToInt(ds -> ds.sent).sum();
        SyncMessage out = sendChangesOnce(s, reply);
        int sentAfter = s.datastores.values().stream().mapToInt(ds -> ds.sent).sum();
        // A package 4 that moves nothing (no item, nothing owed sent) would go on forever: the guard ends it.
        boolean moved = sentAfter > sentBefore || reply.carriedOut() > 0 || out.fin();
        s.idleExchanges = moved ? 0 : s.idleExchanges + 1;
        return out;
    }

    private SyncMessage sendChangesOnce(Session s, ReplyBuilder reply) {
        // SyncML 1.0 has no large objects (MoreData came with 1.1)
        boolean largeObjects = (s.clientSupportsLargeObjs || s.clientMaxObjSize > 0)
                && s.version != meshchat.syncml.protocol.SyncMLVersion.V1_0;
        for (DatastoreSession ds : s.datastores.values()) {
            if (ds.syncSent && allSent(ds)) {
                continue;
            }
            if (s.clientMaxObjSize > 0) { // every time: the feed adds more as package 4 goes on
                ds.pending.removeIf(c -> tooBig(c, s.clientMaxObjSize));
            }
            Long n = s.clientSupportsNumberOfChanges && ds.serverSends() ? (long) ds.numberOfChanges : null;
            String msgId = Integer.toString(s.serverMsgId);
            boolean added = reply.sync(ds, n, largeObjects, (cmd, cmdId) -> {
                ds.sent++;
                Item i = cmd.items().get(0);
                s.awaitingStatus.put(msgId + "/" + cmdId, new Session.Sent(cmd.kind(),
                        cmd.kind() == Command.Kind.DELETE ? i.targetUri() : i.sourceUri(), ds));
            });
            if (!added) {
                return reply.build(false); // no room left: package 4 starts (or goes on) in the next message
            }
            ds.syncSent = true;
            if (!allSent(ds)) {
                return reply.build(false); // more of package 4 follows (queued, or still to read from the store)
            }
        }
        s.phase = Phase.MAP;
        return reply.build(true);
    }

    /**
     * A client that reuses a device id (a reinstalled phone) may not send its DevInf again: what
     * it told us last time stands, unless it sent a new one in this session (already saved). Only
     * the DevInf this account sent counts: another account may have stored one under the same id.
     */
    private static void knownDevInf(Session s, ServerView view) {
        String xml = view.devInf(s.device, s.account.name()).orElse(null);
        if (xml != null) {
            s.clientSupportsLargeObjs |= xml.contains("SupportLargeObjs");
            s.clientSupportsNumberOfChanges |= xml.contains("SupportNumberOfChanges");
        }
    }

    /** An item larger than the client's MaxObjSize cannot be sent at all; it is left out. */
    static boolean tooBig(Command c, long maxObjSize) {
        for (Item i : c.items()) {
            if (i.data() != null && i.data().getBytes(StandardCharsets.UTF_8).length > maxObjSize) {
                org.slf4j.LoggerFactory.getLogger(SessionProcessor.class).warn(
                        "item {} is larger than the client's MaxObjSize {}: not sent", i.sourceUri(), maxObjSize);
                return true;
            }
        }
        return false;
    }

    private void onGet(Session s, Command c, String msgRef, ReplyDraft reply, List<IntFunction<Command>> later,
                       boolean statuses) {
        String uri = first(c.items(), false);
        boolean devInf = uri != null && uri.toLowerCase(Locale.ROOT).matches("\\./devinf1[012]");
        status(statuses && !c.noResp(), reply, msgRef, c, uri, null,
                devInf ? StatusCode.OK : StatusCode.NOT_FOUND);
        if (devInf) {
            later.add(id -> new Results(Integer.toString(id), msgRef, c.cmdId(), MetInf.ofType(s.encoding.devInfContentType),
                    null, null, List.of(Item.withDevInf(Location.of(uri), ServerDevInf.of(s.version, config, s.account.peer())))));
        }
    }

    private void onSync(Session s, Sync sync, String msgRef, PendingChanges changes, ReplyDraft reply, boolean statuses,
                        Instant now, List<IntFunction<Command>> later) {
        String target = sync.target() == null ? null : sync.target().uri();
        String source = sync.source() == null ? null : sync.source().uri();
        DatastoreSession ds = target == null || target.isEmpty() ? null : s.datastores.get(target);
        if (ds == null && s.datastores.size() == 1) {
            ds = s.datastores.values().iterator().next(); // some phones send an empty Sync Target
        }
        StatusCode syncStatus = ds == null ? StatusCode.NOT_FOUND : StatusCode.OK;
        status(statuses && !sync.noResp(), reply, msgRef, sync, target, source, syncStatus);
        if (s.phase == Phase.INIT) {
            s.phase = Phase.CLIENT_SYNC;
        }
        if (ds != null && !ds.fromServerOnly()) {
            changes.prefetchGuids(ds.key, itemLuids(sync));
        }
        for (Command c : sync.commands()) {
            boolean answer = statuses && !c.noResp();
            if (ds == null) {
                status(answer, reply, msgRef, c, null, first(c.items(), true), StatusCode.NOT_FOUND);
                continue;
            }
            if (!changesAnItem(c)) {
                status(answer, reply, msgRef, c, null, first(c.items(), true), StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED);
                continue;
            }
            boolean fromServerOnly = ds.fromServerOnly();
            for (Item i : c.items()) {
                String luid = itemLuid(c, i);
                if (tooLong(luid)) {
                    // the store keeps LUIDs of up to 255 characters: refuse this item, keep the session
                    LOG.info("device {}: {} with a LUID of {} characters refused", s.device, c.kind().element, luid.length());
                    if (answer) {
                        reply.status(msgRef, c.cmdId(), c.kind().element, null, null, StatusCode.URI_TOO_LONG, null, List.of());
                    }
                    continue;
                }
                IncomingChunks.Outcome o;
                if (c.kind() != Command.Kind.DELETE) {
                    o = chunks.accept(s.account.name(), ds, (ItemCommand) c, i, now);
                    if (o.dropped() != null) {
                        noEndOfData(ds, o.dropped(), later);
                    }
                } else {
                    if (ds.partial != null) {
                        noEndOfData(ds, ds.partial, later);
                        chunks.drop(s.account.name(), ds);
                    }
                    o = IncomingChunks.Outcome.whole(i, null); // a Delete is never chunked
                }
                Item whole = MemoFormats.withCommandMeta(o.whole(), c); // an item's type may be its command's
                if (whole != null && c.kind() != Command.Kind.DELETE) {
                    MemoFormats.remember(ds, whole); // its type and b64: what we send follows them
                }
                StatusCode code;
                if (whole == null) {
                    code = o.code(); // a chunk buffered (213) or refused; nothing to apply yet
                } else if (fromServerOnly) {
                    code = StatusCode.COMMAND_NOT_ALLOWED;
                } else {
                    ItemResult r = switch (c.kind()) {
                        case ADD -> clientChanges.add(s, ds, whole, changes, now);
                        case REPLACE -> clientChanges.replace(s, ds, whole, changes, now);
                        default -> clientChanges.delete(s, ds, whole, changes, now);
                    };
                    if (r.purgedLuid() != null) {
                        ds.purgedLuids.add(r.purgedLuid()); // package 4 tells the client to delete it
                    }
                    if (r.deletedGuid() != null) {
                        ds.deletedByClient.add(r.deletedGuid()); // not echoed back
                    }
                    code = r.code();
                    ds.received++;
                }
                if (answer) {
                    reply.status(msgRef, c.cmdId(), c.kind().element, null,
                            i.sourceUri() != null ? i.sourceUri() : i.targetUri(), code, null, List.of());
                }
            }
        }
    }

    /**
     * The LUIDs the Sync's Add, Replace and Delete items will be looked up by, to read their map
     * rows in a few statements ({@link PendingChanges#prefetchGuids}) instead of one per item.
     * Chunks of a large object are left to the usual path (the chunk that completes one is asked
     * on its own); the store leaves out over-long LUIDs (refused per item below).
     */
    static List<String> itemLuids(Sync sync) {
        List<String> luids = new ArrayList<>();
        for (Command c : sync.commands()) {
            if (!changesAnItem(c)) {
                continue;
            }
            for (Item i : c.items()) {
                String luid = itemLuid(c, i);
                if (luid != null && !i.moreData() && !tooLong(luid)) {
                    luids.add(luid);
                }
            }
        }
        return luids;
    }

    /** Add, Replace and Delete: the commands of a Sync we take. */
    private static boolean changesAnItem(Command c) {
        return c.kind() == Command.Kind.ADD || c.kind() == Command.Kind.REPLACE || c.kind() == Command.Kind.DELETE;
    }

    /** The client's LUID of an item: its Source, or for a Delete without one its Target. */
    private static String itemLuid(Command c, Item i) {
        return c.kind() == Command.Kind.DELETE && i.sourceUri() == null ? i.targetUri() : i.sourceUri();
    }

    private void onMap(Session s, MapCommand m, String msgRef, PendingChanges changes, ReplyDraft reply,
                       boolean statuses) {
        String target = m.target() == null ? null : m.target().uri();
        String source = m.source() == null ? null : m.source().uri();
        DatastoreSession ds = target == null ? null : s.datastores.get(target);
        if (ds == null && s.datastores.size() == 1) {
            ds = s.datastores.values().iterator().next();
        }
        StatusCode code = StatusCode.OK;
        if (ds == null) {
            code = StatusCode.NOT_FOUND;
        } else {
            for (MapCommand.MapItem mi : m.mapItems()) {
                MessageId guid = MessageId.parseOrNull(mi.guid());
                if (guid == null || mi.luid() == null || mi.luid().isEmpty()) {
                    code = StatusCode.INCOMPLETE_COMMAND;
                    continue;
                }
                if (tooLong(mi.luid())) {
                    code = StatusCode.URI_TOO_LONG; // this MapItem is left out; the others are kept
                    continue;
                }
                changes.putMap(ds.key, mi.luid(), guid);
            }
        }
        if (statuses) {
            reply.status(msgRef, m.cmdId(), "Map", tooLong(target) ? null : target, tooLong(source) ? null : source, code,
                    null, List.of());
        }
    }

    private static void onStatus(Session s, Status st, PendingChanges changes) {
        Session.Sent sent = s.awaitingStatus.remove(st.msgRef() + "/" + st.cmdRef());
        if (sent == null) {
            return;
        }
        if (sent.kind() == Command.Kind.DELETE
                && (st.is(StatusCode.OK) || st.is(StatusCode.ITEM_NOT_DELETED) || st.is(StatusCode.NOT_FOUND))) {
            changes.removeMap(sent.datastore().key, sent.uri()); // the client no longer has it
        }
    }

    private static void rememberDevInf(Session s, Item i, PendingChanges changes) {
        s.clientDevInf = i.devInf(); // its DataStores' Rx-Pref pick our note formats (MemoFormats)
        s.datastores.values().forEach(ds -> MemoFormats.negotiate(i.devInf(), ds)); // sent after the Alert: it picks again
        s.clientSupportsNumberOfChanges = i.devInf().supportNumberOfChanges();
        s.clientSupportsLargeObjs = i.devInf().supportLargeObjs();
        if (i.devInf().xml() != null) {
            changes.saveDevInf(s.device, s.account.name(), i.devInf().xml());
        }
    }

    /** Longer than the store keeps an id or anchor ({@link meshchat.syncml.store.Store#MAX_FIELD_CHARS}). */
    static boolean tooLong(String s) {
        return s != null && s.length() > meshchat.syncml.store.Store.MAX_FIELD_CHARS;
    }

    static String first(List<Item> items, boolean source) {
        if (items.isEmpty()) {
            return null;
        }
        return source ? items.get(0).sourceUri() : items.get(0).targetUri();
    }

    static void status(boolean send, ReplyDraft reply, String msgRef, Command c, String targetRef,
                               String sourceRef, StatusCode code) {
        if (send) {
            reply.status(msgRef, c.cmdId(), c.kind().element, targetRef, sourceRef, code, null, List.of());
        }
    }
}
