package meshchat.syncml.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.ToIntFunction;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Put;
import meshchat.syncml.protocol.Results;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.SyncState;

/**
 * The client role's protocol decisions, as a step over plain data: {@code next(session, the peer's
 * reply, snapshot)} gives the next session, the next message (null when the session has ended)
 * and the store changes to commit before that message goes out. Nothing here touches the store
 * or the network. Packages (DS Protocol 1.2, "Sync"): 1 our Alert (and DevInf when new), 3 our
 * changes, 5 statuses and Map; anchors are saved on package 6.
 */
final class ClientStep {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientStep.class);
    /** The peer's datastore, and ours (LUIDs there are GUIDs). */
    static final String PEER_URI = MessageItem.DATASTORE;
    static final String LOCAL_URI = "./" + MessageItem.DATASTORE;
    private static final DateTimeFormatter ANCHOR = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    record Step(ClientSession next, SyncMessage request, List<LocalChange> changes) {
        Step {
            changes = List.copyOf(changes);
        }
    }

    private final ClientSettings settings;
    private final ToIntFunction<SyncMessage> encodedSize;

    ClientStep(ClientSettings settings, ToIntFunction<SyncMessage> encodedSize) {
        this.settings = settings;
        this.encodedSize = encodedSize;
    }

    /** Package 1: Alert 200 with our anchors (201 without), our DevInf when the peer may not know it. */
    Step start(PeerLink link, String device, String sessionId, LinkState state, Instant now) {
        String next = ANCHOR.format(now);
        if (state.base() != null && next.equals(state.base().clientAnchor())) {
            next = next + "-" + now.getNano() / 1000; // two sessions within one second
        }
        return package1(ClientSession.start(link, device, sessionId, state, next).draft(), state.nonce(), new ArrayList<>());
    }

    /**
     * The mode a reply settles, when it ends package 2 (the caller then reads our changes for that
     * mode): slow when we had no anchors, when the peer answered our Alert 508 or alerted 201.
     */
    static AlertCode settledMode(ClientSession s, SyncMessage reply) {
        if (s.phase() != ClientPhase.INIT || !reply.fin()) {
            return null;
        }
        boolean slow = s.mode() == AlertCode.SLOW_SYNC;
        for (Command c : reply.commands()) {
            slow |= c instanceof Status st && ClientInbound.isRefreshRequired(st)
                    || c instanceof Alert a && ClientInbound.isSlowAlert(a);
        }
        return slow ? AlertCode.SLOW_SYNC : AlertCode.TWO_WAY;
    }

    /** The peer's MaxObjSize once {@code reply} is read (0: none given), as {@link #next} keeps it. */
    static long peerMaxObjSize(ClientSession s, SyncMessage reply) {
        MetInf meta = reply.header().meta();
        return meta != null && meta.maxObjSize() != null && meta.maxObjSize() > 0 ? meta.maxObjSize() : s.peerMaxObjSize();
    }

    /** The most the next message may hold once {@code reply} is read (see {@link #sendLimit}). */
    long maxMsgSize(ClientSession s, SyncMessage reply) {
        MetInf meta = reply.header().meta();
        return sendLimit(meta != null && meta.maxMsgSize() != null && meta.maxMsgSize() > 0 ? meta.maxMsgSize()
                : s.peerMaxMsgSize());
    }

    /**
     * The peer's MaxMsgSize (0: not told), but never more than ours: a peer allowing a gigabyte
     * would otherwise make us read and build a message of our whole queue.
     */
    private long sendLimit(long peerMaxMsgSize) {
        return peerMaxMsgSize > 0 ? Math.min(peerMaxMsgSize, settings.maxMsgSize()) : settings.maxMsgSize();
    }

    Step next(ClientSession s, SyncMessage reply, LocalSnapshot snap) {
        ClientSession.Draft d = s.draft();
        List<LocalChange> changes = new ArrayList<>();
        SyncHdr h = reply.header();
        if (!s.sessionId().equals(h.sessionId()) || h.target() == null || !s.device().equals(h.target().uri())
                || h.source() == null || !s.link().url().equals(h.source().uri())) {
            return fail(d, changes, "the reply is not for our session " + s.sessionId() + " (it names session "
                    + h.sessionId() + " of " + (h.target() == null ? "nobody" : h.target().uri()) + " from "
                    + (h.source() == null ? "nobody" : h.source().uri()) + ")");
        }
        Status hdr = headerStatus(reply, Integer.toString(s.msgId()));
        if (hdr == null) {
            return fail(d, changes, "the peer's reply has no status for our message " + s.msgId());
        }
        String nonce = hdr.chal() == null ? null : hdr.chal().nextNonce();
        if (nonce != null && !nonce.isEmpty()) {
            changes.add(new LocalChange.SaveNonce(nonce));
        }
        if (hdr.is(StatusCode.INVALID_CREDENTIALS) || hdr.is(StatusCode.MISSING_CREDENTIALS)) {
            if (d.phase == ClientPhase.INIT && !d.authRetried && nonce != null && !nonce.isEmpty()) {
                d.authRetried = true; // once, as a new session with the peer's fresh nonce
                d.sessionId = nextSessionId(d.sessionId);
                return package1(d, nonce, changes);
            }
            return fail(d, changes, "the peer refused our credentials for user " + d.link.user() + " (status "
                    + hdr.data() + ")");
        }
        if (!hdr.is(StatusCode.OK) && !hdr.is(StatusCode.AUTHENTICATION_ACCEPTED)) {
            return fail(d, changes, "the peer refused our message " + s.msgId() + " (status " + hdr.data() + ")");
        }
        if (h.respUri() != null && !h.respUri().isBlank()) {
            d.target = onPeersServer(h.respUri(), d.link.url(), d.target);
        }
        if (h.meta() != null && h.meta().maxMsgSize() != null && h.meta().maxMsgSize() > 0) {
            d.peerMaxMsgSize = h.meta().maxMsgSize();
        }
        if (h.meta() != null && h.meta().maxObjSize() != null && h.meta().maxObjSize() > 0) {
            d.peerMaxObjSize = h.meta().maxObjSize();
        }
        boolean answer = !h.noResp();
        String msgRef = h.msgId();
        ClientInbound.owe(d, answer, Status.forHeader(null, msgRef, StatusCode.OK).withTargetRef(d.device)
                .withSourceRef(h.source().uri()));
        boolean progress = false;
        for (Command c : reply.commands()) {
            String error = null;
            switch (c.kind()) {
                case STATUS -> error = ClientInbound.onStatus(d, (Status) c, changes);
                case ALERT -> {
                    error = ClientInbound.onAlert(d, (Alert) c, msgRef, answer);
                    progress |= !((Alert) c).alertCode().filter(AlertCode.NEXT_MESSAGE::equals).isPresent();
                }
                case SYNC -> {
                    progress |= !((Sync) c).commands().isEmpty();
                    ClientInbound.onSync(d, (Sync) c, msgRef, answer, snap, settings.maxObjSize(), changes);
                }
                case GET -> onGet(d, c, msgRef, answer);
                default -> ClientInbound.owe(d, answer && !c.noResp(), Status.answering(null, msgRef, c,
                        c.kind() == Command.Kind.PUT || c.kind() == Command.Kind.RESULTS ? StatusCode.OK
                                : StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED));
            }
            if (error != null) {
                return fail(d, changes, error);
            }
        }
        return proceed(d, reply.fin(), snap, changes, progress);
    }

    /** What follows the peer's message, by where the session stands. */
    private Step proceed(ClientSession.Draft d, boolean peerFinal, LocalSnapshot snap, List<LocalChange> changes,
                         boolean progress) {
        switch (d.phase) {
            case INIT -> {
                if (!peerFinal) {
                    return statusesOnly(d, changes, progress); // package 2 goes on
                }
                if (d.peerNext == null) {
                    return fail(d, changes, "the peer ended package 2 without an Alert for " + PEER_URI);
                }
                d.phase = ClientPhase.SENDING;
                d.queue = snap.queue() == null ? OutQueue.EMPTY : snap.queue();
                d.next = 0;
                return package3(d, snap.page(), changes);
            }
            case SENDING -> {
                return package3(d, snap.page(), changes);
            }
            case RECEIVING -> {
                if (!peerFinal) {
                    return statusesOnly(d, changes, progress); // package 4 goes on
                }
                d.phase = ClientPhase.MAPPING;
                return package5(d, changes);
            }
            case MAPPING -> {
                if (!d.finalSent) {
                    return package5(d, changes);
                }
                return peerFinal ? done(d, changes) : statusesOnly(d, changes, progress);
            }
            default -> {
                return fail(d, changes, "a reply after the session ended");
            }
        }
    }

    private Step package1(ClientSession.Draft d, String nonce, List<LocalChange> changes) {
        d.msgId = 1;
        d.target = d.link.url();
        Cred cred = !PeerClient.usableNonce(nonce) ? null // no usable nonce: the peer challenges (407) with one
                : new Cred(MetInf.EMPTY.withFormat("b64").withType(Authenticator.MD5), Authenticator.md5Cred(
                        Authenticator.userPassDigest(d.link.user(), d.link.password()), Base64.getMimeDecoder().decode(nonce)));
        ClientMessage m = new ClientMessage(header(d, cred), Long.MAX_VALUE, encodedSize);
        Anchor anchor = new Anchor(d.base == null ? null : d.base.clientAnchor(), d.ourNext);
        m.add(Alert.of(null, d.mode, Item.withData(Location.of(PEER_URI), Location.of(LOCAL_URI),
                MetInf.EMPTY.withAnchor(anchor).withMaxObjSize(settings.maxObjSize()), null)));
        if (d.base == null) {
            m.add(devInfPut(d)); // a first contact (or lost anchors): the peer learns what we support
        }
        return send(d, m.build(true), changes);
    }

    /**
     * Package 3: owed statuses first, then our Sync with as many changes as fit (of the rest of a
     * chunked Add, then the page read for this message); Final on the last.
     */
    private Step package3(ClientSession.Draft d, OutPage page, List<LocalChange> changes) {
        ClientMessage m = message(d);
        boolean owedOut = drainOwed(d, m);
        if (owedOut && d.devInfOwed && m.add(devInfPut(d))) {
            d.devInfOwed = false;
        }
        if (owedOut && !d.devInfOwed) {
            Long n = d.syncOpened ? null : (long) d.queue.size(); // exact: the queue holds only what we send
            List<ClientSession.OutItem> pending = pending(d, page);
            ClientMessage.SyncFill f = m.sync(PEER_URI, LOCAL_URI, n, pending);
            if (f != null) {
                d.syncOpened = true;
                for (ItemCommand c : f.sent()) {
                    if (c.kind() == Command.Kind.ADD) {
                        d.awaiting.put(d.msgId + "/" + c.cmdId(),
                                meshchat.syncml.chat.MessageId.parseOrNull(c.items().get(0).sourceUri()));
                    }
                }
                d.itemsSent += f.completed();
                advance(d, pending, f.rest());
            }
        }
        boolean fin = d.outbox.isEmpty() && d.maps.isEmpty() && !d.devInfOwed && d.syncOpened && d.carry == null
                && d.next >= d.queue.size();
        if (fin) {
            d.phase = ClientPhase.RECEIVING;
        }
        return send(d, m.build(fin), changes);
    }

    /** Package 5: statuses for package 4 and the Map of what it added; Final once all of it is out. */
    private Step package5(ClientSession.Draft d, List<LocalChange> changes) {
        ClientMessage m = message(d);
        boolean fin = drainOwed(d, m);
        d.finalSent = fin;
        return send(d, m.build(fin), changes);
    }

    /** The peer's package goes on: our statuses (and Map), and Alert 222 when that is all we have. */
    private Step statusesOnly(ClientSession.Draft d, List<LocalChange> changes, boolean progress) {
        d.idle = progress ? 0 : d.idle + 1;
        if (d.idle > settings.maxIdleExchanges()) {
            return fail(d, changes, "the peer sent " + d.idle + " messages in a row that moved nothing");
        }
        ClientMessage m = message(d);
        drainOwed(d, m);
        if (m.hasOnlyStatuses()) {
            m.add(Alert.of(null, AlertCode.NEXT_MESSAGE, Item.naming(Location.of(PEER_URI), Location.of(LOCAL_URI))));
        }
        return send(d, m.build(false), changes);
    }

    private Step done(ClientSession.Draft d, List<LocalChange> changes) {
        SyncState b = d.base;
        changes.add(new LocalChange.SaveAnchors(b == null ? new SyncState(d.ourNext, d.peerNext, d.startSeq)
                : new SyncState(d.ourNext, d.peerNext, d.startSeq, b.clientAnchor(), b.serverAnchor(), b.seenSeq())));
        d.phase = ClientPhase.DONE;
        return new Step(d.freeze(), null, changes);
    }

    private static Step fail(ClientSession.Draft d, List<LocalChange> changes, String error) {
        d.phase = ClientPhase.FAILED;
        d.error = error;
        return new Step(d.freeze(), null, changes);
    }

    private static Step send(ClientSession.Draft d, SyncMessage m, List<LocalChange> changes) {
        d.lastRequest = m;
        d.messages++;
        return new Step(d.freeze(), m, changes);
    }

    /** Statuses and results first (in order), then MapItems; true when all of it went in. */
    private static boolean drainOwed(ClientSession.Draft d, ClientMessage m) {
        while (!d.outbox.isEmpty() && m.add(d.outbox.get(0))) {
            d.outbox.remove(0);
        }
        if (d.outbox.isEmpty() && !d.maps.isEmpty()) {
            int n = m.map(PEER_URI, LOCAL_URI, d.maps);
            d.maps.subList(0, n).clear();
        }
        return d.outbox.isEmpty() && d.maps.isEmpty();
    }

    private ClientMessage message(ClientSession.Draft d) {
        d.msgId++;
        return new ClientMessage(header(d, null), sendLimit(d.peerMaxMsgSize), encodedSize);
    }

    /** Our limits travel in message 1 only: the peer keeps them for the session (saves bytes on every idle poll). */
    private SyncHdr header(ClientSession.Draft d, Cred cred) {
        return new SyncHdr(SyncMLVersion.V1_2, d.sessionId, Integer.toString(d.msgId), Location.of(d.link.url()),
                new Location(d.device, d.link.user()), null, false, cred, d.msgId != 1 ? null
                : MetInf.EMPTY.withMaxMsgSize(settings.maxMsgSize()).withMaxObjSize(settings.maxObjSize()));
    }

    /** What this message may carry: the rest of a chunked Add first, then the page's items from the queue's next entry. */
    private static List<ClientSession.OutItem> pending(ClientSession.Draft d, OutPage page) {
        List<ClientSession.OutItem> pending = new ArrayList<>(page.items().size() + 1);
        if (d.carry != null) {
            pending.add(d.carry);
        }
        if (d.next < d.queue.size()) {
            if (page.from() != d.next && !page.items().isEmpty()) {
                throw new IllegalStateException("read items from entry " + page.from() + ", the next to send is " + d.next);
            }
            pending.addAll(page.items());
        }
        return pending;
    }

    /**
     * Moves past what went out: whole items leave the queue; an Add cut into chunks leaves it too,
     * its rest becomes the carry. Items of the page that did not fit are read again next time.
     */
    private static void advance(ClientSession.Draft d, List<ClientSession.OutItem> pending, List<ClientSession.OutItem> rest) {
        int fromQueue = d.carry != null ? 1 : 0; // pending index of the first page item
        int firstLeft = pending.size() - rest.size();
        int taken = Math.max(0, firstLeft - fromQueue);
        ClientSession.OutItem carry = null;
        if (!rest.isEmpty() && rest.get(0).continuation()) {
            carry = rest.get(0);
            if (firstLeft >= fromQueue) {
                taken++; // a page item was started in this message
            }
        }
        d.carry = carry;
        d.next += taken;
    }

    private static void onGet(ClientSession.Draft d, Command c, String msgRef, boolean answer) {
        String uri = c.items().isEmpty() ? null : c.items().get(0).targetUri();
        boolean devInf = uri != null && uri.matches("\\./devinf1[12]");
        ClientInbound.owe(d, answer && !c.noResp(), ClientInbound.status(msgRef, c, uri, null,
                devInf ? StatusCode.OK : StatusCode.NOT_FOUND));
        if (devInf) {
            d.outbox.add(new Results(null, msgRef, c.cmdId(), MetInf.ofType(d.link.encoding().devInfContentType), null,
                    null, List.of(Item.withDevInf(Location.of(uri), devInf(d.device)))));
        }
    }

    private static Put devInfPut(ClientSession.Draft d) {
        return new Put(null, false, MetInf.ofType(d.link.encoding().devInfContentType),
                List.of(Item.withDevInf(Location.of(SyncMLVersion.V1_2.devInfUri), devInf(d.device))));
    }

    /** Our device information as a client: the lossless datastore, two-way and slow sync, large objects. */
    static DevInf devInf(String device) {
        DevInf.ContentType full = new DevInf.ContentType(MessageItem.CONTENT_TYPE, MessageItem.VERSION);
        DevInf.DataStore store = new DevInf.DataStore(LOCAL_URI, "MeshChat (lossless)", 64L, full, List.of(), full,
                List.of(), List.of("1", "2"));
        return new DevInf(SyncMLVersion.V1_2.devInfVerDtd, "MeshChat", "meshchat-syncml", null,
                ServerDevInf.SOFTWARE_VERSION, ServerDevInf.SOFTWARE_VERSION, "-", device, "server", true, true, true,
                List.of(store), null);
    }

    static Status headerStatus(SyncMessage reply, String msgId) {
        for (Command c : reply.commands()) {
            if (c instanceof Status st && "SyncHdr".equals(st.cmd()) && "0".equals(st.cmdRef())
                    && msgId.equals(st.msgRef())) {
                return st;
            }
        }
        return null;
    }

    private static String nextSessionId(String id) {
        try {
            return Integer.toString(Integer.parseInt(id) + 1);
        } catch (NumberFormatException e) {
            return id + "1";
        }
    }

    /**
     * Where our next message goes after a reply naming {@code respUri}: its path and query (the
     * peer's session token) on the scheme, host and port of the peer's configured URL. A reply
     * cannot send our messages elsewhere on the mesh (a forged one, or a peer behind a proxy that
     * names its own inner address or plain http); a RespURI without a path leaves {@code current}.
     */
    static String onPeersServer(String respUri, String peerUrl, String current) {
        try {
            java.net.URI r = new java.net.URI(respUri.strip());
            java.net.URI peer = new java.net.URI(peerUrl.strip());
            if (r.getRawPath() == null || r.getRawPath().isEmpty()) {
                return current;
            }
            String url = peer.getScheme() + "://" + peer.getRawAuthority() + r.getRawPath()
                    + (r.getRawQuery() == null ? "" : "?" + r.getRawQuery());
            if (!url.equals(respUri.strip())) {
                LOG.debug("the peer's RespURI {} is followed on its configured server: {}", clipped(respUri), url);
            }
            return url;
        } catch (java.net.URISyntaxException e) {
            return current;
        }
    }

    private static String clipped(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
