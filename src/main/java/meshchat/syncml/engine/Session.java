package meshchat.syncml.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;

/**
 * One SyncML session between a client device and this server. Guarded by its own monitor.
 * Changed by the step ({@link SessionProcessor}) only: the rules it calls return what the session
 * must remember ({@link ItemResult}, {@link ServerChanges.Package4}, the DatastoreSession an
 * Alert opens) instead of changing it. Two helpers of the step keep their own parts: the reply
 * fitting ({@link ReplyBuilder}: {@link #carried}, a datastore's pending commands) and the
 * assembly of large objects ({@link IncomingChunks}: a datastore's partial item).
 */
final class Session {
    /** What we sent (kind and LocURI of its item), so the client's Status for it can be acted on. */
    record Sent(meshchat.syncml.protocol.Command.Kind kind, String uri, DatastoreSession datastore) {
    }

    final String token;
    final String device;
    final String sessionId;
    /** The client's address at session start: binds the (device, SessionID) fallback, see SyncServer. */
    final String address;
    final SyncMLVersion version;
    final Account account;
    volatile Phase phase = Phase.INIT; // read unsynchronized when counting an account's open sessions
    int lastClientMsgId;
    int serverMsgId;
    long clientMaxMsgSize;
    /** The client's MaxObjSize, 0 when it named none. */
    long clientMaxObjSize;
    boolean clientSupportsNumberOfChanges;
    boolean clientSupportsLargeObjs;
    Instant lastActivity;
    /** For the session's log line: when it began and its messages (the transport counts their bytes). */
    final Instant started;
    int messages;
    /**
     * A print of the last message we received (not the message: a session kept for replay would
     * hold a client message of up to the body limit) and the reply we gave, to answer a re-sent
     * message identically.
     */
    RequestPrint lastRequest;
    SyncMessage lastReply;

    /**
     * The last client message's hash and command count. A different message with the same MsgID
     * and print would be taken for a re-send; only the session's own client could send one, and
     * a message with its last MsgID but other content breaks the protocol anyway.
     */
    record RequestPrint(int hash, int commands) {
        static RequestPrint of(SyncMessage m) {
            return new RequestPrint(m.hashCode(), m.commands().size());
        }
    }
    /**
     * Estimated heap bytes held for the client between its messages (carried commands, the reply
     * kept for replay, items awaiting status), set after each message; read unsynchronized by
     * {@link SessionRegistry#shed}. {@link #carriedBytes} is the carried part.
     */
    volatile long retainedBytes;
    volatile long carriedBytes;
    /** A message of this session is being answered: {@link SessionRegistry#shed} leaves it alone. */
    volatile boolean busy;
    /** Estimated heap bytes of one entry of {@link #awaitingStatus}. */
    static final int AWAITING_BYTES = 160;

    /**
     * Estimated heap bytes of reply commands kept as objects: ~200 per command (record, CmdID,
     * refs, lists), items ~150 more and their data. An estimate for the server-wide budget,
     * not a measurement.
     */
    static long estimatedBytes(java.util.Collection<meshchat.syncml.protocol.Command> commands) {
        long n = 0;
        for (meshchat.syncml.protocol.Command c : commands) {
            n += 200;
            for (meshchat.syncml.protocol.Item i : c.items()) {
                n += 150 + (i.data() == null ? 0 : i.data().length()); // Latin-1 strings: a byte a character
            }
            if (c instanceof meshchat.syncml.protocol.Sync sync) {
                n += estimatedBytes(sync.commands());
            } else if (c instanceof meshchat.syncml.protocol.Container box) {
                n += estimatedBytes(box.commands());
            }
        }
        return n;
    }
    /** Consecutive exchanges in which neither side moved anything: a guard against Alert 222 ping-pong. */
    int idleExchanges;
    /** The client's DevInf: sent in this session, else the one stored for the device (read at its first Alert); null when none. */
    meshchat.syncml.protocol.DevInf clientDevInf;
    /** Whether the stored DevInf was looked up, and whether we asked the client for its DevInf (Get), in this session. */
    boolean storedDevInfRead;
    boolean devInfAsked;
    final Map<String, DatastoreSession> datastores = new LinkedHashMap<>();
    /** Applies the client's changes; per session because it caches the slow-sync match index. */
    ClientChanges clientChanges;
    final meshchat.syncml.protocol.Encoding encoding;
    /** Key "msgId/cmdId" of each item command we sent and have no status for yet. */
    final Map<String, Sent> awaitingStatus = new HashMap<>();
    /** Reply commands that did not fit in the client's MaxMsgSize, owed in the next reply. */
    final CarriedReply carried = new CarriedReply();

    Session(String token, String device, String sessionId, String address, SyncMLVersion version, Account account,
            meshchat.syncml.protocol.Encoding encoding, Instant now) {
        this.address = address;
        this.encoding = encoding;
        this.token = token;
        this.device = device;
        this.sessionId = sessionId;
        this.version = version;
        this.account = account;
        this.lastActivity = now;
        this.started = now;
    }
}
