package meshchat.syncml.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import meshchat.syncml.protocol.Command;
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
 * Sessions are found by the token we put in RespURI, else by (device, SessionID). Each message is
 * processed in one store transaction; a failure rolls it back and ends the session, so nothing is
 * half-applied and the client's old anchors stay valid. A re-sent message gets the same reply.
 */
public final class SyncServer {
    private static final Logger LOG = LoggerFactory.getLogger(SyncServer.class);

    private final Store store;
    private final ServerConfig config;
    private final Clock clock;
    private final Authenticator auth = new Authenticator();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Map<String, Session> byDeviceSession = new ConcurrentHashMap<>();
    private final LargeObjectBuffers largeObjects;

    public SyncServer(Store store, ServerConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.largeObjects = new LargeObjectBuffers(config.maxBufferedObjectBytes(), config.sessionTimeout());
    }

    /**
     * @param in          the decoded client message
     * @param token       the sessionid from the request URL, or null
     * @param endpoint    the URL the client posted to, without query (base of our RespURI)
     * @param encoding    the request's encoding (the reply uses it)
     * @param encodedSize measures a message in the reply's encoding, for MaxMsgSize
     */
    public SyncMessage handle(SyncMessage in, String token, String endpoint, Encoding encoding,
                              ToIntFunction<SyncMessage> encodedSize) {
        Instant now = clock.instant();
        expireSessions(now);
        SyncHdr h = in.header();
        String device = h.source() == null ? null : h.source().uri();
        Session s = token == null ? null : byToken.get(token);
        if (s == null && device != null) {
            s = byDeviceSession.get(device + "\n" + h.sessionId());
        }
        int msgId = parseInt(h.msgId());
        if (s != null && s.lastRequest != null && msgId <= s.lastClientMsgId) {
            if (msgId == s.lastClientMsgId && in.equals(s.lastRequest)) {
                LOG.info("device {} re-sent message {} of session {}: replaying our reply", device, msgId, h.sessionId());
                return s.lastReply;
            }
            dropSession(s); // a lower MsgID than expected starts a new session
            s = null;
        }
        if (h.version() == null || h.version() == SyncMLVersion.V1_0) {
            return refusal(in, endpoint, StatusCode.PROTOCOL_VERSION_NOT_SUPPORTED.code, null, SyncMLVersion.V1_2);
        }
        if (device == null || device.isEmpty() || h.sessionId() == null || h.msgId() == null) {
            return refusal(in, endpoint, StatusCode.BAD_REQUEST.code, null, h.version());
        }
        if (s == null) {
            return start(in, device, endpoint, encoding, encodedSize, now);
        }
        synchronized (s) {
            return continueSession(s, in, endpoint, encodedSize, now, StatusCode.OK.code, null);
        }
    }

    private SyncMessage start(SyncMessage in, String device, String endpoint, Encoding encoding,
                              ToIntFunction<SyncMessage> encodedSize, Instant now) {
        SyncHdr h = in.header();
        String locName = h.source().name();
        String challengeType = h.cred() != null && h.cred().meta() != null
                && Authenticator.BASIC.equalsIgnoreCase(h.cred().meta().type()) ? Authenticator.BASIC : Authenticator.MD5;
        String nextNonce = auth.newNonce();
        Account account = null;
        int failure = StatusCode.MISSING_CREDENTIALS.code;
        try {
            account = store.write(tx -> {
                String nonce = tx.nonce(device).orElse("");
                Account ok = null;
                if (h.cred() != null) {
                    Authenticator.Verdict v = auth.verify(h.cred(), locName, nonce, tx::account);
                    if (v.ok()) {
                        ok = tx.account(v.accountName()).orElse(null);
                    }
                }
                tx.saveNonce(device, nextNonce); // next session's (or the retry's) nonce
                return ok;
            });
            if (h.cred() != null) {
                failure = StatusCode.INVALID_CREDENTIALS.code;
            }
        } catch (RuntimeException e) {
            LOG.error("authentication of device {} failed in the store", device, e);
            return refusal(in, endpoint, StatusCode.SERVER_FAILURE.code, null, h.version());
        }
        if (account == null) {
            LOG.info("device {} user {}: {}", device, locName, failure == 401 ? "wrong credentials" : "no credentials");
            return refusal(in, endpoint, failure, Authenticator.challenge(challengeType, nextNonce), h.version());
        }
        String token = HexFormat.of().formatHex(randomBytes());
        Session s = new Session(token, device, h.sessionId(), h.version(), account, encoding, now);
        byToken.put(token, s);
        byDeviceSession.put(device + "\n" + h.sessionId(), s);
        LOG.info("session {} of device {} (user {}, SyncML {}) authenticated", h.sessionId(), device, account.name(), h.version().verDtd);
        synchronized (s) {
            return continueSession(s, in, endpoint, encodedSize, now, StatusCode.AUTHENTICATION_ACCEPTED.code,
                    Authenticator.challenge(challengeType, nextNonce));
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    private SyncMessage continueSession(Session s, SyncMessage in, String endpoint, ToIntFunction<SyncMessage> encodedSize,
                                        Instant now, int headerStatus, MetInf chal) {
        SyncHdr h = in.header();
        s.lastActivity = now;
        s.lastClientMsgId = parseInt(h.msgId());
        if (h.meta() != null && h.meta().maxMsgSize() != null && h.meta().maxMsgSize() > 0) {
            s.clientMaxMsgSize = h.meta().maxMsgSize();
        } else if (s.clientMaxMsgSize == 0) {
            s.clientMaxMsgSize = config.maxMsgSize();
        }
        if (h.meta() != null && h.meta().maxObjSize() != null && h.meta().maxObjSize() > 0) {
            s.clientMaxObjSize = h.meta().maxObjSize();
        }
        s.serverMsgId++;
        ReplyBuilder reply = new ReplyBuilder(replyHeader(s.version, h, s.serverMsgId, endpoint + "?sessionid=" + s.token));
        if (!h.noResp()) {
            reply.status(h.msgId(), "0", "SyncHdr", h.target() == null ? null : h.target().uri(), h.source().uri(),
                    headerStatus, chal, List.of());
        }
        SyncMessage out;
        try {
            if (s.clientChanges == null) {
                s.clientChanges = new ClientChanges(config, random); // holds the slow-sync match index
            }
            SessionProcessor p = new SessionProcessor(config, s.clientChanges, largeObjects);
            out = store.write(tx -> p.process(s, in, tx, reply, encodedSize, now));
        } catch (RuntimeException e) {
            LOG.error("session {} of device {} failed at message {}; its changes were rolled back", s.sessionId, s.device,
                    h.msgId(), e);
            dropSession(s);
            return refusal(in, endpoint, StatusCode.SERVER_FAILURE.code, null, s.version);
        }
        if (s.idleExchanges > SessionProcessor.MAX_IDLE_EXCHANGES) {
            LOG.warn("session {} of device {}: {} exchanges without progress, ending it", s.sessionId, s.device, s.idleExchanges);
            dropSession(s);
        }
        if (s.phase == Phase.DONE) {
            s.datastores.values().forEach(ds -> LOG.info("session {} of device {}: {} {} done, {} received, {} sent",
                    s.sessionId, s.device, ds.serverUri, ds.mode, ds.received, ds.sent));
        }
        s.lastRequest = in;
        s.lastReply = out;
        return out;
    }

    /** A reply that only refuses: a SyncHdr status (with a challenge where due) and the same code for every command. */
    private SyncMessage refusal(SyncMessage in, String endpoint, int code, MetInf chal, SyncMLVersion version) {
        SyncHdr h = in.header();
        ReplyBuilder reply = new ReplyBuilder(replyHeader(version, h, 1, null));
        reply.status(h.msgId(), "0", "SyncHdr", h.target() == null ? null : h.target().uri(),
                h.source() == null ? null : h.source().uri(), code, chal, List.of());
        for (Command c : in.commands()) {
            if (c.kind() != Command.Kind.STATUS && !c.noResp()) {
                reply.status(h.msgId(), c.cmdId(), c.kind().element, null, null, code, null, List.of());
            }
        }
        return reply.build(true);
    }

    private SyncHdr replyHeader(SyncMLVersion version, SyncHdr in, int msgId, String respUri) {
        Location target = in.source() == null ? new Location("", null) : new Location(in.source().uri(), in.source().name());
        Location source = Location.of(in.target() == null ? "" : in.target().uri());
        MetInf meta = MetInf.EMPTY.withMaxMsgSize(config.maxMsgSize()).withMaxObjSize(config.maxObjSize());
        return new SyncHdr(version, in.sessionId() == null ? "0" : in.sessionId(), Integer.toString(msgId), target, source,
                respUri, false, null, meta);
    }

    private void expireSessions(Instant now) {
        List<Session> old = new ArrayList<>();
        for (Session s : byToken.values()) {
            if (s.lastActivity.plus(config.sessionTimeout()).isBefore(now)) {
                old.add(s);
            }
        }
        old.forEach(this::dropSession);
    }

    private void dropSession(Session s) {
        s.datastores.values().forEach(ds -> ds.partial = null); // its large-object buffers stop counting
        byToken.remove(s.token);
        byDeviceSession.remove(s.device + "\n" + s.sessionId, s);
    }

    /** Open sessions, for the status page and metrics. */
    public int openSessions() {
        return byToken.size();
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
