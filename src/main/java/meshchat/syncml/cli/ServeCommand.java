package meshchat.syncml.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.ZoneCatchUp;
import meshchat.syncml.http.BufferedBodies;
import meshchat.syncml.http.DumpHandler;
import meshchat.syncml.http.HttpServer;
import meshchat.syncml.http.StartupGate;
import meshchat.syncml.legacy.LegacyBridge;
import meshchat.syncml.legacy.LegacyConfig;
import meshchat.syncml.peer.Peer;
import meshchat.syncml.peer.PeerConfig;
import meshchat.syncml.peer.PeerLinks;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.StoreException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** serve: runs the server until stopped. The only place that wires the object graph. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the SyncML server.")
final class ServeCommand implements Callable<Integer> {
    /** How long a request other than the status page waits for the store at startup before 503. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(20);

    @Option(names = "--config", paramLabel = "FILE", description = "read settings from FILE: 'setting = value' lines,"
            + " a setting per long option (see deploy/meshchat.conf.example); a flag wins over MESHCHAT_* variables,"
            + " which win over the file (env MESHCHAT_CONFIG)")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default ${DEFAULT-VALUE}; env MESHCHAT_PORT)", defaultValue = "8080")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", description = "address to bind (default: all interfaces; env MESHCHAT_HOST)")
    String host;

    @Option(names = "--data", paramLabel = "DIR", description = "data folder, holds the Derby database (default ${DEFAULT-VALUE}; env MESHCHAT_DATA)",
            defaultValue = "./data")
    Path data;

    @Option(names = "--node", paramLabel = "NAME", description = "this node's name, stamped on messages posted here (default: host name; env MESHCHAT_NODE)")
    String node;

    @Option(names = "--sync-path", paramLabel = "PATH", description = "path of the SyncML endpoint (default ${DEFAULT-VALUE}; env MESHCHAT_SYNC_PATH)",
            defaultValue = "/sync")
    String syncPath;

    @Option(names = "--channel", paramLabel = "NAME", description = "channel of messages posted from memo clients (default: Everything;"
            + " env MESHCHAT_CHANNEL)", defaultValue = "")
    String channel;

    @Option(names = "--datastore-alias", paramLabel = "NAME", split = "\\s*,\\s*", splitSynopsisLabel = ",",
            description = "another name clients may give the memo datastore meshchat (repeatable or comma-separated;"
            + " case-insensitive, with or without ./; default: none besides notes, note and memo, which always are;"
            + " env MESHCHAT_DATASTORE_ALIAS)")
    List<String> datastoreAliases = new ArrayList<>();

    @Option(names = "--max-msg-size", paramLabel = "BYTES", description = "largest SyncML message we accept, in bytes, at least 4096 (MaxMsgSize;"
            + " default ${DEFAULT-VALUE}; env MESHCHAT_MAX_MSG_SIZE)", defaultValue = "1000000")
    long maxMsgSize;

    @Option(names = "--max-obj-size", paramLabel = "BYTES", description = "largest single item we accept, in bytes, at least 1024 (MaxObjSize;"
            + " default ${DEFAULT-VALUE}; env MESHCHAT_MAX_OBJ_SIZE)", defaultValue = "4000000")
    long maxObjSize;

    @Option(names = "--max-buffered-objects", paramLabel = "BYTES", description = "most bytes of incoming large objects (chunked items)"
            + " buffered for one account across its sessions (default: twice --max-obj-size; env MESHCHAT_MAX_BUFFERED_OBJECTS)")
    Long maxBufferedObjects;

    @Option(names = "--v2-port", paramLabel = "PORT", description = "serve the legacy MeshChat v2 API (/cgi-bin/meshchat) on this port"
            + " (default: none; env MESHCHAT_V2_PORT)")
    Integer v2Port;

    @Option(names = "--v2-peer", paramLabel = "URL", split = "\\s*,\\s*", splitSynopsisLabel = ",", description = "a legacy v2 node to pull from, e.g. http://node:8080"
            + " (repeatable or comma-separated; default: none; env MESHCHAT_V2_PEER)")
    List<URI> v2Peers = new ArrayList<>();

    @Option(names = "--v2-interval", paramLabel = "SECONDS", description = "seconds between pulls from v2 nodes (default ${DEFAULT-VALUE};"
            + " env MESHCHAT_V2_INTERVAL)", defaultValue = "10")
    long v2Interval;

    @Option(names = "--v2-zone", paramLabel = "NAME", description = "MeshChat zone: also pull from the zone's v2 nodes found in the AREDN"
            + " services files (default: none; env MESHCHAT_V2_ZONE)")
    String v2Zone;

    @Option(names = "--peer", paramLabel = "URL", split = "\\s*,\\s*", splitSynopsisLabel = ",", description = "a peer node's SyncML URL to sync with as a client, e.g."
            + " http://node2:8080/sync (repeatable or comma-separated; needs --peer-credentials; default: none;"
            + " env MESHCHAT_PEER)")
    List<URI> peers = new ArrayList<>();

    @Option(names = "--peer-credentials", paramLabel = "FILE", description = "file with a line 'URL user password' per --peer"
            + " (# comments allowed); must not be readable or writable by group or others (default: none;"
            + " env MESHCHAT_PEER_CREDENTIALS)")
    Path peerCredentials;

    @Option(names = "--peer-interval", paramLabel = "SECONDS", description = "seconds between syncs with each peer when nothing changes"
            + " (default ${DEFAULT-VALUE}; env MESHCHAT_PEER_INTERVAL); a local change syncs within seconds", defaultValue = "30")
    long peerInterval;

    @Option(names = "--peer-encoding", paramLabel = "wbxml|xml", description = "encoding spoken to peers: wbxml or xml (default ${DEFAULT-VALUE};"
            + " env MESHCHAT_PEER_ENCODING)", defaultValue = "wbxml")
    String peerEncoding;

    @Option(names = "--tombstone-days", paramLabel = "DAYS", description = "days a purge's tombstone is kept, at least 1; a peer node away longer"
            + " gets a slow sync that drops what it holds older than that and we do not (default ${DEFAULT-VALUE};"
            + " env MESHCHAT_TOMBSTONE_DAYS)", defaultValue = "365")
    long tombstoneDays;

    @Option(names = "--dump-dir", paramLabel = "DIR", description = "write every SyncML request and reply to DIR, a folder"
            + " per session (XML, and WBXML with a decoded XML copy); holds message text and credentials (default: off;"
            + " env MESHCHAT_DUMP_DIR)")
    Path dumpDir;

    @Spec
    CommandSpec spec;

    /** The server started before the command line was read (null: none), released or adopted here. */
    private final EarlyServe early;

    ServeCommand() {
        this(null);
    }

    ServeCommand(EarlyServe early) {
        this.early = early;
    }

    @Override
    public Integer call() {
        // the early server's, when it is ours: the host name is looked up once
        boolean adopt = early != null && early.matches(host, port, node);
        if (early != null && !adopt) {
            early.release(); // read otherwise than pre-read (a number in another notation): started again below
        }
        String nodeName = node != null ? node : adopt ? early.nodeName() : hostName();
        String bad = badValue();
        if (bad != null) {
            release();
            err().println("meshchat-syncml: " + bad);
            return 2;
        }
        List<Peer> peerList;
        try {
            peerList = PeerConfig.load(peers, peerCredentials, peerInterval, peerEncoding);
        } catch (IllegalArgumentException e) {
            release();
            err().println("meshchat-syncml: " + e.getMessage());
            return 2;
        }
        long buffered = maxBufferedObjects != null ? maxBufferedObjects : 2 * maxObjSize;
        // with peers, memo slow syncs wait until this node has synced with one (a restored folder)
        ZoneCatchUp catchUp = peerList.isEmpty() ? ZoneCatchUp.none() : ZoneCatchUp.awaitingPeers();
        ServerConfig config;
        try {
            config = new ServerConfig(nodeName, "meshchat", channel, maxMsgSize, maxObjSize, Duration.ofMinutes(10),
                    buffered).withTombstoneRetention(Duration.ofDays(tombstoneDays)).withCatchUp(catchUp)
                    .withDatastoreAliases(datastoreAliases);
        } catch (IllegalArgumentException e) {
            release();
            err().println("meshchat-syncml: --datastore-alias: " + e.getMessage());
            return 2;
        }
        Clock clock = Clock.systemUTC();
        AtomicReference<PeerLinks> links = new AtomicReference<>();
        AtomicReference<LegacyBridge> v2Bridge = new AtomicReference<>(); // started after the HTTP server
        // Issue 10: the connector answers first (StartupGate: the status page says the store is
        // starting, other requests wait for it); the store, engine and routes come up beside it.
        // Mostly the connector is up already (EarlyServe, before picocli read the command line).
        Server server;
        ServerConnector adminConnector;
        StartupGate gate;
        if (adopt) {
            early.adopt();
            server = early.server();
            adminConnector = early.admin();
            gate = early.gate();
        } else {
            server = HttpServer.server(host, port);
            adminConnector = AdminEndpoint.connector(server);
            gate = new StartupGate(nodeName, STARTUP_WAIT);
            server.setHandler(gate);
        }
        CompletableFuture<Booted> booting = Booted.start(data, config, clock, server, syncPath, nodeName,
                () -> links.get() == null ? List.of() : links.get().statuses(),
                () -> v2Bridge.get() == null ? List.of() : v2Bridge.get().v2Statuses());
        Exception startFailure = adopt ? early.failure() : null;
        if (!adopt) {
            try {
                server.start();
            } catch (Exception e) {
                startFailure = e;
            }
        }
        if (startFailure != null) {
            Booted.closeWhenDone(booting);
            System.err.println("meshchat-syncml: " + startupError(startFailure));
            return 2;
        }
        Booted booted;
        try {
            booted = booting.join();
        } catch (CompletionException e) {
            String reason = e.getCause() instanceof StoreException ? e.getCause().getMessage() : String.valueOf(e.getCause());
            gate.failed(reason);
            stopQuietly(server);
            System.err.println("meshchat-syncml: " + reason);
            return 2;
        }
        Store store = booted.store();
        Handler routes = booted.handler();
        if (dumpDir != null) {
            try {
                routes = new DumpHandler(dumpDir, syncPath, 2 * config.maxMsgSize(), clock, routes);
            } catch (IOException e) {
                gate.failed("cannot create the dump folder");
                stopQuietly(server);
                store.close();
                err().println("meshchat-syncml: " + ServeSettings.describe("dump-dir") + ": cannot create " + dumpDir + ": " + e);
                return 2;
            }
        }
        AdminFile adminFile = AdminFile.fresh(0);
        AdminEndpoint admin = AdminEndpoint.wrap(routes, store, adminConnector, adminFile.token()); // sees /admin/ first
        try {
            gate.open(admin);
        } catch (Exception e) {
            gate.failed("cannot start the handlers");
            stopQuietly(server);
            store.close();
            System.err.println("meshchat-syncml: cannot start the HTTP handlers: " + e);
            return 2;
        }
        LegacyBridge v2 = null;
        if (v2Port != null || !v2Peers.isEmpty() || v2Zone != null) {
            try {
                v2 = LegacyBridge.start(store, new LegacyConfig(host, v2Port == null ? -1 : v2Port, v2Peers,
                        Duration.ofSeconds(v2Interval), v2Zone, nodeName, config.tombstoneRetention()), clock,
                        // the v2 API needs no login: its form bodies too are gathered without a thread,
                        // within a sixteenth of the heap (the main port has its own quarter)
                        h -> new BufferedBodies(LegacyBridge.MAX_FORM_BYTES, BufferedBodies.budgetFor(LegacyBridge.MAX_FORM_BYTES,
                                Runtime.getRuntime().maxMemory() / 4), h));
            } catch (IllegalArgumentException | IllegalStateException e) {
                stopQuietly(server);
                store.close();
                System.err.println("meshchat-syncml: " + e.getMessage());
                return 2;
            }
        }
        LegacyBridge bridge = v2;
        v2Bridge.set(bridge);
        if (!peerList.isEmpty()) {
            try {
                links.set(PeerLinks.start(store, nodeName, peerList, clock, config.tombstoneRetention(), catchUp)); // store changes wake its jobs
            } catch (IllegalStateException e) {
                if (bridge != null) {
                    bridge.close();
                }
                stopQuietly(server);
                store.close();
                err().println("meshchat-syncml: " + e.getMessage());
                return 2;
            }
        }
        AdminFile reachable = new AdminFile(admin.port(), adminFile.token());
        try {
            reachable.write(data);
        } catch (IOException e) {
            err().println("meshchat-syncml: cannot write " + AdminFile.path(data) + " (" + e.getMessage()
                    + "): user add|list|remove|passwd will not reach this server; stop it to manage accounts");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            reachable.delete(data); // first: the CLI then opens the store itself once the server is gone
            if (links.get() != null) {
                links.get().close(); // first: its sessions write to the store
            }
            if (bridge != null) {
                bridge.close();
            }
            try {
                server.stop();
            } catch (Exception ignored) {
                // stopping anyway
            }
            store.close();
        }, "shutdown"));
        System.out.println("meshchat-syncml: node " + nodeName + " serving SyncML at http://"
                + (host == null ? "0.0.0.0" : host) + ":" + port + syncPath + " (data " + data.toAbsolutePath().normalize() + ")"
                + (bridge != null && bridge.port() > 0 ? "; v2 API on port " + bridge.port() : "")
                + (peerList.isEmpty() ? "" : "; syncing with " + peerList.size() + " peer node(s) every " + peerInterval + " s")
                + (dumpDir == null ? "" : "; dumping SyncML messages to " + dumpDir.toAbsolutePath().normalize()));
        if (!Accounts.hasAdmin(store)) {
            System.out.println("meshchat-syncml: no admin account yet; create one (this server may keep running) with:"
                    + " echo 'PASSWORD' | meshchat-syncml user add NAME --admin --data " + data);
        }
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The first setting out of its range, as one line naming it and what is allowed; null when all are fine. */
    String badValue() {
        if (port < 0 || port > 65535) {
            return ServeSettings.describe("port") + " must be 0..65535, not " + port;
        }
        if (v2Port != null && (v2Port < 0 || v2Port > 65535)) {
            return ServeSettings.describe("v2-port") + " must be 0..65535, not " + v2Port;
        }
        if (maxMsgSize < 4096) {
            return ServeSettings.describe("max-msg-size") + " must be at least 4096, not " + maxMsgSize;
        }
        if (maxObjSize < 1024) {
            return ServeSettings.describe("max-obj-size") + " must be at least 1024, not " + maxObjSize;
        }
        if (maxBufferedObjects != null && maxBufferedObjects < maxObjSize) {
            return ServeSettings.describe("max-buffered-objects") + " must be at least --max-obj-size (" + maxObjSize + ")";
        }
        if (tombstoneDays < 1) {
            return ServeSettings.describe("tombstone-days") + " must be at least 1, not " + tombstoneDays;
        }
        if (peerInterval < 1 || v2Interval < 1) {
            return ServeSettings.describe(peerInterval < 1 ? "peer-interval" : "v2-interval") + " must be at least 1 second";
        }
        if (!peerEncoding.equals("wbxml") && !peerEncoding.equals("xml")) {
            return ServeSettings.describe("peer-encoding") + " must be wbxml or xml, not '" + peerEncoding + "'";
        }
        return null;
    }

    /** Frees the early server's port before an error is printed (nothing when it was adopted or there is none). */
    private void release() {
        if (early != null) {
            early.release();
        }
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing; the first error is the one to report
        }
    }

    private String startupError(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof BindException) {
                return "port " + port + " is already in use; stop what uses it or choose another with --port N";
            }
            t = t.getCause();
        }
        return "cannot start the HTTP server on port " + port + ": " + e;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "meshchat";
        }
    }
}
