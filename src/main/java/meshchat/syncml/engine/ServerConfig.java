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
 * @param datastoreAliases other names of the memo datastore, as {@link #datastoreName} gives them
 *                       (default {@link #DEFAULT_ALIASES}; serve --datastore-alias adds more): each
 *                       keeps its own anchors and maps per device
 */
public record ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize,
                           long maxObjSize, Duration sessionTimeout, long maxBufferedObjectBytes, Guards guards,
                           Duration tombstoneRetention, ZoneCatchUp catchUp, java.util.Set<String> datastoreAliases) {

    /** The names real clients give their notes datastore by default (./notes and ./Notes are "notes"). */
    public static final java.util.Set<String> DEFAULT_ALIASES = java.util.Set.of("notes", "note", "memo");

    /** 365 days: MeshChat v2 nodes keep 500 messages, so a year of tombstones is small. */
    public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(365);

    public ServerConfig {
        if (tombstoneRetention == null || tombstoneRetention.isNegative() || tombstoneRetention.isZero()) {
            throw new IllegalArgumentException("tombstone retention must be positive: " + tombstoneRetention);
        }
        java.util.Objects.requireNonNull(catchUp, "catchUp");
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String a : datastoreAliases) {
            String name = datastoreName(a);
            if (name.equals(meshchat.syncml.chat.MessageItem.DATASTORE)) {
                throw new IllegalArgumentException("the datastore " + name + " carries whole messages: it cannot be a"
                        + " memo datastore alias");
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        datastoreAliases = java.util.Collections.unmodifiableSet(names);
    }

    /** With the default aliases. */
    public ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize, long maxObjSize,
                        Duration sessionTimeout, long maxBufferedObjectBytes, Guards guards, Duration tombstoneRetention,
                        ZoneCatchUp catchUp) {
        this(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout, maxBufferedObjectBytes, guards,
                tombstoneRetention, catchUp, DEFAULT_ALIASES);
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
                maxBufferedObjectBytes, g, tombstoneRetention, catchUp, datastoreAliases);
    }

    /** The same with another tombstone retention (serve --tombstone-days). */
    public ServerConfig withTombstoneRetention(Duration retention) {
        return new ServerConfig(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout,
                maxBufferedObjectBytes, guards, retention, catchUp, datastoreAliases);
    }

    /** The same with the node's zone catch-up latch (serve --peer: held until a peer session completes). */
    public ServerConfig withCatchUp(ZoneCatchUp c) {
        return new ServerConfig(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout,
                maxBufferedObjectBytes, guards, tombstoneRetention, c, datastoreAliases);
    }

    /** The same with these aliases of the memo datastore besides the default ones (serve --datastore-alias). */
    public ServerConfig withDatastoreAliases(java.util.Collection<String> more) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(DEFAULT_ALIASES);
        all.addAll(more);
        return new ServerConfig(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout,
                maxBufferedObjectBytes, guards, tombstoneRetention, catchUp, all);
    }

    /** Whether a datastore URI names the memo datastore: its name or an alias (case-insensitive, "./" and "?..." aside). */
    public boolean isMemoDatastore(String uri) {
        String name = datastoreName(uri);
        return name.equals(datastoreName(datastore)) || datastoreAliases.contains(name);
    }

    /** A datastore URI's name: without "./", without the CGI part ("?channel=..."), lower case. */
    public static String datastoreName(String uri) {
        String u = uri.strip();
        u = u.startsWith("./") ? u.substring(2) : u;
        int q = u.indexOf('?');
        return (q < 0 ? u : u.substring(0, q)).toLowerCase(java.util.Locale.ROOT);
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
     * @param pendingNonces         challenges to not-yet-logged-in clients kept in memory at most (one
     *                              address at most a fiftieth of them, at least 16, as in the login throttle)
     * @param retainedSessionBytes  estimated heap all sessions may hold between messages (commands carried
     *                              to later replies, replies kept for replay); over it finished sessions,
     *                              then those holding most, are ended, and a session whose carried
     *                              commands alone pass a quarter of it. Default a quarter of the heap
     *                              (16 MB at -Xmx64m)
     */
    public record Guards(int maxCommandsPerMessage, int maxSessionsPerAccount, LoginThrottle.Settings throttle,
                         int pendingNonces, long retainedSessionBytes) {
        public Guards(int maxCommandsPerMessage, int maxSessionsPerAccount, LoginThrottle.Settings throttle,
                      int pendingNonces) {
            this(maxCommandsPerMessage, maxSessionsPerAccount, throttle, pendingNonces, defaultRetainedBytes());
        }

        public static Guards defaults() {
            return new Guards(100_000, 8, LoginThrottle.Settings.defaults(), 10_000);
        }

        private static long defaultRetainedBytes() {
            return Runtime.getRuntime().maxMemory() / 4;
        }
    }
}
