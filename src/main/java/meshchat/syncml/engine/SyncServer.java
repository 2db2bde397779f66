package meshchat.syncml.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Container;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server role of SyncML DS: takes a decoded client message, returns the reply message.
 * Sessions are found by the token we put in RespURI, else by (device, SessionID, client address);
 * either way a message must come from the session's device (and name no other account) to
 * continue it, else it changes nothing in that session. Each message is
 * processed in one store transaction; a failure rolls it back and ends the session, so nothing is
 * half-applied and the client's old anchors stay valid. A re-sent message gets the same reply.
 *
 * <p>{@link SessionProcessor} decides over a read-only {@link ServerView} and returns the store
 * changes as {@link ServerChange} records ({@link PendingChanges}); this class applies them in the
 * message's transaction, and builds the reply (encoding commands to fit the client's MaxMsgSize)
 * after the commit, outside the store's write lock.
 */
public final class SyncServer {
    private static final Logger LOG = LoggerFactory.getLogger(SyncServer.class);

    private final Store store;
    private final ServerConfig config;
    private final Clock clock;

    private final LoginThrottle throttle;
    private final Login login;
    private final SecureRandom random = new SecureRandom();
    private final SessionRegistry sessions;
    private final java.util.concurrent.atomic.AtomicLong shedSessions = new java.util.concurrent.atomic.AtomicLong();
    private final LargeObjectBuffers largeObjects;
    private final SessionLog sessionLog = new SessionLog();

    public SyncServer(Store store, ServerConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.largeObjects = new LargeObjectBuffers(config.maxBufferedObjectBytes(), config.sessionTimeout());
        this.throttle = new LoginThrottle(config.guards().throttle(), clock);
        this.login = new Login(store, config, clock, throttle);
        this.sessions = new SessionRegistry(config.sessionTimeout(), random);
        sessions.onAbandoned(s -> sessionLog.ended(s, clock.instant(), SessionSummary.Result.ABANDONED));
    }

    /** As {@link #handle(SyncMessage, String, String, Encoding, ToIntFunction, String)} from an unknown address. */
    public SyncMessage handle(SyncMessage in, String token, String endpoint, Encoding encoding,
                              ToIntFunction<SyncMessage> encodedSize) {
        return handle(in, token, endpoint, encoding, encodedSize, null);
    }

    /**
     * @param in          the decoded client message
     * @param token       the sessionid from the request URL, or null
     * @param endpoint    the URL the client posted to, without query (base of our RespURI)
     * @param encoding    the request's encoding (the reply uses it)
     * @param encodedSize measures a message in the reply's encoding, for MaxMsgSize
     * @param address     the client's (remote IP) address; binds sessions found without a token
     */
    public SyncMessage handle(SyncMessage in, String token, String endpoint, Encoding encoding,
                              ToIntFunction<SyncMessage> encodedSize, String address) {
        Instant now = clock.instant();
        sessions.expire(now);
        SyncHdr h = in.header();
        String device = h.source() == null ? null : h.source().uri();
        SyncMessage refused = headerRefusal(in, endpoint, address);
        if (refused != null) {
            return refused;
        }
        int commands = countCommands(in.commands());
        if (commands > config.guards().maxCommandsPerMessage()) {
            return overTheGate(in, endpoint, address, Integer.toString(commands));
        }
        Session s = sessions.byToken(token);
        // the token travels in clear text too: a sniffed RespURI used from another host is refused
        if (s != null && (!belongs(s, h) || !Objects.equals(s.address, address))) {
            LOG.warn("device {} from {} posted to the session of device {} (user {}): refused", device, address,
                    s.device, s.account.name());
            return refusal(in, endpoint, StatusCode.FORBIDDEN, null, h.version());
        }
        if (s == null) {
            s = sessions.byFallback(device, h.sessionId(), address);
            if (s != null && !belongs(s, h)) {
                s = null; // another account's Cred: a session start of its own
            }
        }
        int msgId = parseInt(h.msgId());
        if (s == null) {
            return start(in, device, endpoint, encoding, encodedSize, now, address, null);
        }
        // Read under the session's lock: a copy re-sent while the first is still being answered
        // waits for it and gets its reply (outside the lock it saw the new MsgID with the old request).
        synchronized (s) {
            if (s.lastRequest == null || msgId > s.lastClientMsgId) {
                return continueSession(s, in, endpoint, encodedSize, now, StatusCode.OK, null);
            }
            if (msgId == s.lastClientMsgId && Session.RequestPrint.of(in).equals(s.lastRequest)) {
                LOG.info("device {} re-sent message {} of session {}: replaying our reply", device, msgId, h.sessionId());
                return s.lastReply;
            }
        }
        // a lower MsgID starts a new session; the old one ends only once the new one has logged in
        return start(in, device, endpoint, encoding, encodedSize, now, address, s);
    }

    /**
     * A message the HTTP layer stopped decoding past the command gate's limit (only its header
     * was decoded): refused as {@link #handle} refuses a message over the gate, SyncHdr 413, before
     * authentication or any store work; or as any message with that header would be refused first.
     */
    public SyncMessage refuseTooLarge(SyncMessage headerOnly, String endpoint, String address) {
        SyncMessage refused = headerRefusal(headerOnly, endpoint, address);
        if (refused != null) {
            return refused;
        }
        return overTheGate(headerOnly, endpoint, address, "more than " + config.guards().maxCommandsPerMessage()
                + " (decode stopped)");
    }

    /**
     * 413: "larger than the recipient is able or willing to process" (RepPro, Response Status
     * Codes); refused whole, before authentication or any store work.
     */
    private SyncMessage overTheGate(SyncMessage in, String endpoint, String address, String commands) {
        LOG.warn("refused a message of device {} from {}: {} commands and items (at most {})",
                in.header().source().uri(), address, commands, config.guards().maxCommandsPerMessage());
        return refusal(in, endpoint, StatusCode.REQUEST_ENTITY_TOO_LARGE, null, in.header().version());
    }

    /** The refusal any message with this header gets before the command gate (version, device id), or null. */
    private SyncMessage headerRefusal(SyncMessage in, String endpoint, String address) {
        SyncHdr h = in.header();
        String device = h.source() == null ? null : h.source().uri();
        if (h.version() == null) { // a VerDTD we cannot speak (1.0, 1.1 and 1.2 we do)
            return refusal(in, endpoint, StatusCode.DTD_VERSION_NOT_SUPPORTED, null, SyncMLVersion.V1_2);
        }
        if (device == null || device.isEmpty() || h.sessionId() == null || h.msgId() == null) {
            return refusal(in, endpoint, StatusCode.BAD_REQUEST, null, h.version());
        }
        if (device.length() > Store.MAX_FIELD_CHARS) {
            LOG.info("refused a message from {}: device id of {} characters (at most {})", address, device.length(),
                    Store.MAX_FIELD_CHARS);
            return refusal(in, endpoint, StatusCode.URI_TOO_LONG, null, h.version()); // a device id longer than we keep
        }
        return null;
    }

    /** Whether a message may continue this session: the same device, and a Cred (if any) for the same account. */
    private static boolean belongs(Session s, SyncHdr h) {
        if (h.source() == null || !s.device.equals(h.source().uri())) {
            return false;
        }
        return h.cred() == null || s.account.name().equals(Authenticator.claimedName(h.cred(), h.source().name()));
    }

    private SyncMessage start(SyncMessage in, String device, String endpoint, Encoding encoding,
                              ToIntFunction<SyncMessage> encodedSize, Instant now, String address, Session replacing) {
        SyncHdr h = in.header();
        Login.Result result;
        try {
            result = login.login(h, device, address);
        } catch (RuntimeException e) {
            LOG.error("authentication of device {} failed in the store", device, e);
            return refusal(in, endpoint, StatusCode.SERVER_FAILURE, null, h.version());
        }
        Account account = result.account();
        if (account == null) {
            return refusal(in, endpoint, result.status(), result.chal(), h.version());
        }
        // Finished sessions stay for replay and earlier sessions of this same device are superseded: neither counts.
        long open = sessions.openElsewhere(account.name(), device, replacing);
        if (open >= config.guards().maxSessionsPerAccount()) {
            LOG.warn("user {} already has {} open sessions: refused device {} from {} (417)", account.name(), open,
                    device, address);
            return refusal(in, endpoint, StatusCode.RETRY_LATER, result.chal(), h.version()); // as many sessions as we allow
        }
        if (replacing != null) {
            sessions.abandon(replacing);
        }
        // a device runs one session at a time: a new login supersedes its earlier, unfinished ones
        Session s = sessions.open(device, h.sessionId(), address, h.version(), account, encoding, now);
        sessionLog.begun(s, now);
        LOG.info("session {} of device {} from {} (user {}, SyncML {}) authenticated", h.sessionId(), device, address,
                account.name(), h.version().verDtd);
        synchronized (s) {
            return continueSession(s, in, endpoint, encodedSize, now, result.status(), result.chal());
        }
    }

    /** Commands plus items, through Sync and Atomic/Sequence and Map: what we would have to answer. */
    static int countCommands(List<Command> commands) {
        long n = 0;
        for (Command c : commands) {
            n += 1 + c.items().size();
            if (c instanceof Sync sync) {
                n += countCommands(sync.commands());
            } else if (c instanceof Container box) {
                n += countCommands(box.commands());
            } else if (c instanceof MapCommand map) {
                n += map.mapItems().size();
            }
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Commands plus items one client message may hold (the gate); the HTTP layer decodes no further. */
    public int maxCommandsPerMessage() {
        return config.guards().maxCommandsPerMessage();
    }

    /** The brute-force throttle, shared with the JSON API and read by /metrics. */
    public LoginThrottle throttle() {
        return throttle;
    }

    /** Answers a message of session {@code s}; the caller holds its lock. */
    private SyncMessage continueSession(Session s, SyncMessage in, String endpoint, ToIntFunction<SyncMessage> encodedSize,
                                        Instant now, StatusCode headerStatus, MetInf chal) {
        s.busy = true;
        try {
            return answer(s, in, endpoint, encodedSize, now, headerStatus, chal);
        } finally {
            s.busy = false;
        }
    }

    private SyncMessage answer(Session s, SyncMessage in, String endpoint, ToIntFunction<SyncMessage> encodedSize,
                               Instant now, StatusCode headerStatus, MetInf chal) {
        SyncHdr h = in.header();
        if (s.clientChanges == null) {
            s.clientChanges = new ClientChanges(config, random); // holds the slow-sync match index
        }
        SessionProcessor p = new SessionProcessor(config, s.clientChanges, largeObjects);
        p.begin(s, h, now);
        ReplyBuilder reply = new ReplyBuilder(replyHeader(s.version, h, s.serverMsgId, endpoint + "?sessionid=" + s.token));
        if (!h.noResp()) {
            reply.status(h.msgId(), "0", "SyncHdr", h.target() == null ? null : h.target().uri(), h.source().uri(),
                    headerStatus, chal, List.of());
        }
        boolean wasOpen = s.phase != Phase.DONE;
        ReplyDraft draft = new ReplyDraft();
        SessionProcessor.Commands done;
        SessionProcessor.Next next;
        try {
            // The decisions read and write nothing but the pending changes; they are applied here,
            // the client's first (package 4 reads the change log with them in it), then what follows
            // them (package 6's anchors), all in this one transaction.
            record Decided(SessionProcessor.Commands done, SessionProcessor.Next next) {
            }
            Decided d = store.write(tx -> {
                ServerView view = new TxView(tx);
                PendingChanges fromClient = new PendingChanges(view);
                SessionProcessor.Commands c = p.commands(s, in, fromClient, draft, now);
                fromClient.applyTo(tx);
                PendingChanges completion = new PendingChanges(view);
                SessionProcessor.Next n = p.completion(s, in, c, completion, draft, now);
                completion.applyTo(tx);
                return new Decided(c, n);
            });
            done = d.done();
            next = d.next();
        } catch (RuntimeException e) {
            LOG.error("session {} of device {} failed at message {}; its changes were rolled back", s.sessionId, s.device,
                    h.msgId(), e);
            sessions.drop(s);
            if (wasOpen) { // a late message on a finished session is not a second end
                sessionLog.ended(s, now, SessionSummary.Result.FAILED);
            }
            return refusal(in, endpoint, StatusCode.SERVER_FAILURE, null, s.version);
        }
        SyncMessage out;
        try {
            out = p.reply(s, done, next, draft, reply, encodedSize); // measured for MaxMsgSize outside the store's lock
        } catch (RuntimeException e) {
            LOG.error("session {} of device {} failed building the reply to message {} (its changes are committed)",
                    s.sessionId, s.device, h.msgId(), e);
            sessions.drop(s);
            if (wasOpen) { // a late message on a finished session is not a second end
                sessionLog.ended(s, now, SessionSummary.Result.FAILED);
            }
            return refusal(in, endpoint, StatusCode.SERVER_FAILURE, null, s.version);
        }
        s.messages++; // the bytes of the session's line come from the transport (SessionLog.Exchange): wire bytes
        if (s.idleExchanges > SessionProcessor.MAX_IDLE_EXCHANGES) {
            LOG.warn("session {} of device {}: {} exchanges without progress, ending it", s.sessionId, s.device, s.idleExchanges);
            sessions.drop(s);
            sessionLog.ended(s, now, SessionSummary.Result.STALLED);
        }
        if (s.phase == Phase.DONE && wasOpen) {
            sessionLog.ended(s, now, SessionSummary.Result.OK); // logs the line per datastore
        }
        p.end(s, in, out);
        for (Session shed : sessions.shed(config.guards().retainedSessionBytes(), s)) {
            shedSessions.incrementAndGet();
            if (shed == s) {
                LOG.warn("session {} of device {} (user {}) carries ~{} bytes of statuses to later replies, over a quarter "
                        + "of the {} sessions may hold: ended after this reply", s.sessionId, s.device, s.account.name(),
                        s.carriedBytes, config.guards().retainedSessionBytes());
            } else {
                LOG.warn("sessions hold more than {} bytes between messages: ended session {} of device {} (user {}, ~{} bytes)",
                        config.guards().retainedSessionBytes(), shed.sessionId, shed.device, shed.account.name(),
                        shed.retainedBytes);
            }
        }
        return out;
    }

    /**
     * A reply that only refuses: one SyncHdr status (with a challenge where due) and nothing else,
     * so its size does not grow with the message refused; the client drops the whole message.
     */
    private SyncMessage refusal(SyncMessage in, String endpoint, StatusCode code, MetInf chal, SyncMLVersion version) {
        SyncHdr h = in.header();
        ReplyBuilder reply = new ReplyBuilder(replyHeader(version, h, 1, null));
        reply.status(h.msgId(), "0", "SyncHdr", clip(h.target() == null ? null : h.target().uri()),
                clip(h.source() == null ? null : h.source().uri()), code, chal, List.of());
        return reply.build(true);
    }

    /** Echoes of the client's header values, cut so a huge one cannot make the reply huge. */
    private static String clip(String uri) {
        return uri == null || uri.length() <= Store.MAX_FIELD_CHARS ? uri : uri.substring(0, Store.MAX_FIELD_CHARS);
    }

    private SyncHdr replyHeader(SyncMLVersion version, SyncHdr in, int msgId, String respUri) {
        // every echo of the client's header is clipped: a megabyte LocURI, LocName or SessionID must
        // not make every reply (refusals included) that big
        // Bytes on a radio link (issue 10): no LocName echo (optional); RespURI only when the client
        // did not already post to it (as libsynthesis); our MaxMsgSize/MaxObjSize once, in the
        // session's first reply (the client keeps them for the session); our Source without the token.
        Location target = Location.of(in.source() == null ? "" : clip(in.source().uri()));
        String posted = in.target() == null ? "" : clip(in.target().uri());
        int query = posted.indexOf('?');
        Location source = Location.of(query < 0 ? posted : posted.substring(0, query)); // our URI; the token is RespURI's
        MetInf meta = msgId != 1 ? null
                : MetInf.EMPTY.withMaxMsgSize(config.maxMsgSize()).withMaxObjSize(config.maxObjSize());
        return new SyncHdr(version, in.sessionId() == null ? "0" : clip(in.sessionId()), Integer.toString(msgId), target,
                source, posted.equals(respUri) ? null : respUri, false, null, meta);
    }

    /** The last finished sessions, for the status page and metrics; the transport reports bytes to it. */
    public SessionLog sessionLog() {
        return sessionLog;
    }

    /** Open sessions, for the status page and metrics. */
    public int openSessions() {
        return sessions.size();
    }

    /** Estimated bytes all sessions hold between messages (budgeted: {@link ServerConfig.Guards#retainedSessionBytes}), for metrics. */
    public long retainedSessionBytes() {
        return sessions.retainedBytes();
    }

    /** Sessions ended because sessions held more than the budget between messages, for metrics. */
    public long shedSessions() {
        return shedSessions.get();
    }

    static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
