package meshchat.syncml.engine;

import java.time.Duration;

/**
 * What the engine needs to know about this server.
 *
 * @param nodeName       this server's node name, stamped on messages posted here
 * @param datastore      the SyncML datastore name clients alert (LocURI, with or without "./")
 * @param defaultChannel channel of messages posted from a memo client ("" is "Everything")
 * @param maxMsgSize     largest message we accept, in encoded bytes (advertised as MaxMsgSize)
 * @param maxObjSize     largest single item we accept (advertised as MaxObjSize)
 * @param sessionTimeout how long an idle session is kept for continuation and replay
 * @param maxBufferedObjectBytes most bytes of incoming large objects buffered for one account
 *                       across its sessions (default twice maxObjSize)
 * @param guards         limits against hostile clients (sessions, commands, password guessing)
 * @param tombstoneRetention how long a purge's tombstone is kept (default {@link #DEFAULT_TOMBSTONE_RETENTION}):
 *                       older ones are pruned; a meshchat-full client whose last completed sync is
 *                       older gets a slow sync (508) in which an unknown message posted before the
 *                       retention is answered like a purged one (it may be a zombie)
 * @param catchUp        whether this node has synced with a peer since it started: until then a memo
 *                       slow sync is held (503); {@link ZoneCatchUp#none()} (the default) never holds
 */
public record ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize,
                           long maxObjSize, Duration sessionTimeout, long maxBufferedObjectBytes, Guards guards,
                           Duration tombstoneRetention, ZoneCatchUp catchUp) {

    /** 365 days: MeshChat v2 nodes keep 500 messages, so a year of tombstones is small. */
    public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(365);

    public ServerConfig {
        if (tombstoneRetention == null || tombstoneRetention.isNegative() || tombstoneRetention.isZero()) {
            throw new IllegalArgumentException("tombstone retention must be positive: " + tombstoneRetention);
        }
        java.util.Objects.requireNonNull(catchUp, "catchUp");
    }

    /** A node without peers: memo slow syncs are never held. */
    public ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize, long maxObjSize,
                        Duration sessionTimeout, long maxBufferedObjectBytes, Guards guards, Duration tombstoneRetention) {
        this(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout, maxBufferedObjectBytes, guards,
                tombstoneRetention, ZoneCatchUp.none());
    }

    /** With the default tombstone retention. */
    public ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize, long maxObjSize,
                        Duration sessionTimeout, long maxBufferedObjectBytes, Guards guards) {
        this(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout, maxBufferedObjectBytes, guards,
                DEFAULT_TOMBSTONE_RETENTION);
    }

    /** With the default buffered-object cap and {@link Guards}. */
    public ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize, long maxObjSize,
                        Duration sessionTimeout) {
        this(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout, 2 * maxObjSize);
    }

    /** With the default {@link Guards}. */
    public ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize, long maxObjSize,
                        Duration sessionTimeout, long maxBufferedObjectBytes) {
        this(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout, maxBufferedObjectBytes,
                Guards.defaults());
    }

    public static ServerConfig defaults(String nodeName) {
        return new ServerConfig(nodeName, "meshchat", "", 1_000_000, 4_000_000, Duration.ofMinutes(10));
    }

    public ServerConfig withGuards(Guards g) {
        return new ServerConfig(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout,
                maxBufferedObjectBytes, g, tombstoneRetention, catchUp);
    }

    /** The same with another tombstone retention (serve --tombstone-days). */
    public ServerConfig withTombstoneRetention(Duration retention) {
        return new ServerConfig(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout,
                maxBufferedObjectBytes, guards, retention, catchUp);
    }

    /** The same with the node's zone catch-up latch (serve --peer: held until a peer session completes). */
    public ServerConfig withCatchUp(ZoneCatchUp c) {
        return new ServerConfig(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout,
                maxBufferedObjectBytes, guards, tombstoneRetention, c);
    }

    /**
     * Limits against hostile clients, all checked before any store work.
     *
     * @param maxCommandsPerMessage commands plus items (counted through Sync, Atomic, Sequence and Map)
     *                              one client message may hold; more gets one SyncHdr status 413.
     *                              Default 100,000: the smallest useful WBXML Add (CmdID, Source LocURI,
     *                              one byte of Data) is 24.8 bytes, so a legitimate client filling our
     *                              MaxMsgSize of 1,000,000 bytes sends at most about 40,300 Adds, 80,700
     *                              commands and items (CommandGateTest measures it); an empty WBXML
     *                              {@code <Put/>} is 1 byte, so without the gate 1 MB asks for 1M statuses
     * @param maxSessionsPerAccount open sessions one account may have at once; one more gets 417
     * @param throttle              the brute-force back-off (shared with the JSON API)
     * @param pendingNonces         challenges to not-yet-logged-in clients kept in memory at most
     */
    public record Guards(int maxCommandsPerMessage, int maxSessionsPerAccount, LoginThrottle.Settings throttle,
                         int pendingNonces) {
        public static Guards defaults() {
            return new Guards(100_000, 8, LoginThrottle.Settings.defaults(), 10_000);
        }
    }
}
