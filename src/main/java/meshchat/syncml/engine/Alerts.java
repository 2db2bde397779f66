package meshchat.syncml.engine;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.DevInfText;
import meshchat.syncml.protocol.Get;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.SyncState;

/**
 * Sync-mode Alerts (DS Protocol, "Sync Initialization"): picks the datastore, compares anchors
 * (a mismatch answers 508 and turns the session into a slow sync), answers with the anchor echo
 * and our own Alert carrying our anchors.
 */
final class Alerts {
    private static final DateTimeFormatter ANCHOR = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ServerConfig config;

    Alerts(ServerConfig config) {
        this.config = config;
    }

    /**
     * Answers one Alert; a sync-mode Alert for our datastore returns the datastore's session state
     * (the caller keeps it in the session), anything else null.
     */
    DatastoreSession onAlert(Session s, Alert a, String msgRef, PendingChanges changes, ReplyDraft reply,
                             List<IntFunction<Command>> later, Instant now, boolean statuses) {
        Optional<AlertCode> known = a.alertCode();
        Item item = a.items().isEmpty() ? null : a.items().get(0);
        String target = item == null ? null : item.targetUri();
        String source = item == null ? null : item.sourceUri();
        if (known.filter(AlertCode.NEXT_MESSAGE::equals).isPresent()) {
            SessionProcessor.status(statuses, reply, msgRef, a, target, source, StatusCode.OK);
            return null;
        }
        if (known.filter(AlertCode::isSyncMode).isEmpty()) {
            SessionProcessor.status(statuses, reply, msgRef, a, target, source, StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED);
            return null;
        }
        AlertCode code = known.get();
        if (item == null || target == null || source == null || !isOurDatastore(target)) {
            SessionProcessor.status(statuses, reply, msgRef, a, SessionProcessor.tooLong(target) ? null : target,
                    SessionProcessor.tooLong(source) ? null : source, StatusCode.NOT_FOUND);
            return null;
        }
        if (SessionProcessor.tooLong(datastoreKey(target))) {
            SessionProcessor.status(statuses, reply, msgRef, a, null, null, StatusCode.URI_TOO_LONG);
            return null;
        }
        Anchor clientAnchor = item.meta() == null ? null : item.meta().anchor();
        if (clientAnchor != null && (SessionProcessor.tooLong(clientAnchor.next()) || SessionProcessor.tooLong(clientAnchor.last()))) {
            // the store keeps anchors of up to 255 characters; this datastore is not synchronised
            org.slf4j.LoggerFactory.getLogger(Alerts.class).info("device {}: Alert with an anchor over {} characters refused",
                    s.device, meshchat.syncml.store.Store.MAX_FIELD_CHARS);
            SessionProcessor.status(statuses, reply, msgRef, a, target, null, StatusCode.BAD_REQUEST);
            return null;
        }
        String clientNext = clientAnchor == null || clientAnchor.next() == null ? ANCHOR.format(now) : clientAnchor.next();
        ClientKey key = new ClientKey(s.account.name(), s.device, datastoreKey(target));
        SyncState stored = changes.syncState(key).orElse(null);
        AlertCode mode = byClient(code);
        StatusCode statusCode = StatusCode.OK;
        boolean needsAnchors = mode == AlertCode.TWO_WAY || mode == AlertCode.ONE_WAY_FROM_CLIENT || mode == AlertCode.ONE_WAY_FROM_SERVER;
        SyncState base = confirmed(stored, clientAnchor == null ? null : clientAnchor.last(), s.device);
        DatastoreSession.Format format = formatOf(target);
        Instant retained = now.minus(config.tombstoneRetention());
        // a node away longer than the tombstone retention may hold purged messages whose tombstones are gone
        boolean away = format == DatastoreSession.Format.FULL && stored != null
                && changes.lastSynced(key).map(at -> at.isBefore(retained)).orElse(false);
        if (needsAnchors && base != null && away) {
            org.slf4j.LoggerFactory.getLogger(Alerts.class).info("{} of {}/{}: last sync before {} (the tombstone"
                    + " retention): slow sync", target, s.account.name(), s.device, retained);
            base = null;
        }
        if (needsAnchors && base == null) {
            statusCode = StatusCode.REFRESH_REQUIRED; // anchors do not match: slow sync
            mode = AlertCode.SLOW_SYNC;
        }
        if (MemoSlowSyncHold.holds(config, s, format, mode, target)) { // a restored node must catch up first
            SessionProcessor.status(statuses, reply, msgRef, a, target, source, StatusCode.SERVICE_UNAVAILABLE);
            return null; // nothing changed; the session goes on for other datastores
        }
        String serverLast = base != null ? base.serverAnchor() : stored == null ? null : stored.serverAnchor();
        String serverNext = ANCHOR.format(now);
        if (serverNext.equals(serverLast)) {
            serverNext = serverNext + "-" + (now.getNano() / 1000);
        }
        DatastoreSession ds = new DatastoreSession(key, format, source, target, channelOf(target), mode,
                clientNext, serverNext);
        if (format == DatastoreSession.Format.MEMO) {
            MemoFormats.negotiate(clientDevInf(s, changes), ds);
        }
        ds.base = base;
        ds.seenSeq = base == null ? 0 : base.seenSeq();
        ds.tombstonesFrom = retained;
        if (away && (mode == AlertCode.SLOW_SYNC || mode == AlertCode.REFRESH_FROM_CLIENT)) {
            ds.zombiesBefore = retained.getEpochSecond();
        }
        if (ds.fullSync()) {
            // The old map is void. Forget the anchors too, so an interrupted session cannot
            // leave a two-way sync running on an empty map (which would resend everything).
            changes.clearMaps(key);
            if (format == DatastoreSession.Format.FULL && stored != null) {
                changes.saveSyncState(key, new SyncState(null, null, 0)); // no anchors, but its last sync time stays
            } else {
                changes.deleteSyncState(key);
            }
        }
        if (statuses && !a.noResp()) {
            reply.status(msgRef, a.cmdId(), "Alert", target, source, statusCode, null,
                    List.of(Item.withAnchor(new Anchor(null, clientNext))));
        }
        AlertCode ours = mode;
        String next = serverNext;
        Long maxObj = s.version == meshchat.syncml.protocol.SyncMLVersion.V1_0 ? null : config.maxObjSize(); // MetInf 1.1
        later.add(id -> Alert.of(Integer.toString(id), ours, Item.withData(Location.of(source), Location.of(target),
                MetInf.EMPTY.withAnchor(new Anchor(serverLast, next)).withMaxObjSize(maxObj), null)));
        if (format == DatastoreSession.Format.MEMO) {
            askDevInf(s, later);
        }
        return ds;
    }

    /**
     * The state whose anchors the client's Last confirms: the last completed session's, or the
     * one before when our final reply of the last session was lost (we committed, the client did
     * not). Null when neither matches: the client needs a slow sync.
     */
    private static SyncState confirmed(SyncState stored, String clientLast, String device) {
        if (stored == null || clientLast == null) {
            return null;
        }
        if (clientLast.equals(stored.clientAnchor())) {
            return new SyncState(stored.clientAnchor(), stored.serverAnchor(), stored.seenSeq());
        }
        if (clientLast.equals(stored.prevClientAnchor())) {
            org.slf4j.LoggerFactory.getLogger(Alerts.class).info("device {} missed our last reply: continuing from the"
                    + " session before (anchor {}), not a slow sync", device, clientLast);
            return new SyncState(stored.prevClientAnchor(), stored.prevServerAnchor(), stored.prevSeenSeq());
        }
        return null;
    }

    /** Alert codes 206-210 (server-alerted) mean the same as 200 and 202-205. */
    private static AlertCode byClient(AlertCode c) {
        return switch (c) {
            case TWO_WAY_BY_SERVER -> AlertCode.TWO_WAY;
            case ONE_WAY_FROM_CLIENT_BY_SERVER -> AlertCode.ONE_WAY_FROM_CLIENT;
            case REFRESH_FROM_CLIENT_BY_SERVER -> AlertCode.REFRESH_FROM_CLIENT;
            case ONE_WAY_FROM_SERVER_BY_SERVER -> AlertCode.ONE_WAY_FROM_SERVER;
            case REFRESH_FROM_SERVER_BY_SERVER -> AlertCode.REFRESH_FROM_SERVER;
            default -> c;
        };
    }

    private boolean isOurDatastore(String uri) {
        return config.isMemoDatastore(uri) || datastoreName(uri).equals(MessageItem.DATASTORE);
    }

    /** The client's DevInf: sent in this session, else the stored one (read once per session); null when none. */
    private static DevInf clientDevInf(Session s, ServerView view) {
        if (s.clientDevInf == null && !s.storedDevInfRead) {
            s.storedDevInfRead = true;
            s.clientDevInf = view.devInf(s.device, s.account.name()).flatMap(DevInfText::parse).orElse(null);
        }
        return s.clientDevInf;
    }

    /**
     * Package 2 asks a memo client for its DevInf when we have none the account sent from the device (SyncEvolution
     * sends it only when asked): its Rx-Pref picks our note format, and the status page names its
     * software. Once stored, no Get: an idle two-way sync costs nothing more.
     */
    private static void askDevInf(Session s, List<IntFunction<Command>> later) {
        if (s.clientDevInf != null || s.devInfAsked) {
            return;
        }
        s.devInfAsked = true;
        later.add(id -> new Get(Integer.toString(id), false, MetInf.ofType(s.encoding.devInfContentType),
                List.of(Item.naming(Location.of(s.version.devInfUri), null))));
    }

    /** {@code meshchat-full} carries whole messages; the configured datastore ({@code meshchat}) memos. */
    private DatastoreSession.Format formatOf(String uri) {
        String name = datastoreName(uri);
        return name.equals(MessageItem.DATASTORE) && !config.isMemoDatastore(uri)
                ? DatastoreSession.Format.FULL : DatastoreSession.Format.MEMO;
    }

    private static String datastoreName(String uri) {
        return ServerConfig.datastoreName(uri);
    }

    /** The sync state key: the datastore with its filter, so each channel view has its own anchors. */
    private static String datastoreKey(String uri) {
        String ch = channelOf(uri);
        return datastoreName(uri) + (ch == null ? "" : "?channel=" + ch);
    }

    /** CGI-style channel selection in the datastore URI: {@code meshchat?channel=Emergency}. */
    static String channelOf(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String part : uri.substring(q + 1).split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equalsIgnoreCase("channel")) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

}
