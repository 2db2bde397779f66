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
import java.util.concurrent.atomic.AtomicReference;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.engine.TombstonePruner;
import meshchat.syncml.engine.ZoneCatchUp;
import meshchat.syncml.http.HttpServer;
import meshchat.syncml.legacy.LegacyBridge;
import meshchat.syncml.legacy.LegacyConfig;
import meshchat.syncml.peer.Peer;
import meshchat.syncml.peer.PeerConfig;
import meshchat.syncml.peer.PeerLinks;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.StoreException;
import org.eclipse.jetty.server.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** serve: runs the server until stopped. The only place that wires the object graph. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the SyncML server.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (default ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Option(names = "--host", description = "address to bind (default: all interfaces)")
    String host;

    @Option(names = "--data", description = "data folder, holds the Derby database (default ${DEFAULT-VALUE})", defaultValue = "./data")
    Path data;

    @Option(names = "--node", description = "this node's name, stamped on messages posted here (default: host name)")
    String node;

    @Option(names = "--sync-path", description = "path of the SyncML endpoint (default ${DEFAULT-VALUE})", defaultValue = "/sync")
    String syncPath;

    @Option(names = "--channel", description = "channel of messages posted from memo clients (default: Everything)", defaultValue = "")
    String channel;

    @Option(names = "--max-msg-size", description = "largest SyncML message we accept, in bytes (MaxMsgSize; default ${DEFAULT-VALUE})",
            defaultValue = "1000000")
    long maxMsgSize;

    @Option(names = "--max-obj-size", description = "largest single item we accept, in bytes (MaxObjSize; default ${DEFAULT-VALUE})",
            defaultValue = "4000000")
    long maxObjSize;

    @Option(names = "--max-buffered-objects", description = "most bytes of incoming large objects (chunked items)"
            + " buffered for one account across its sessions (default: twice --max-obj-size)")
    Long maxBufferedObjects;

    @Option(names = "--v2-port", description = "serve the legacy MeshChat v2 API (/cgi-bin/meshchat) on this port")
    Integer v2Port;

    @Option(names = "--v2-peer", description = "a legacy v2 node to pull from, e.g. http://node:8080 (repeatable)")
    List<URI> v2Peers = new ArrayList<>();

    @Option(names = "--v2-interval", description = "seconds between pulls from v2 nodes (default ${DEFAULT-VALUE})", defaultValue = "10")
    long v2Interval;

    @Option(names = "--v2-zone", description = "MeshChat zone: also pull from the zone's v2 nodes found in the AREDN services files")
    String v2Zone;

    @Option(names = "--peer", description = "a peer node's SyncML URL to sync with as a client, e.g."
            + " http://node2:8080/sync (repeatable; needs --peer-credentials)")
    List<URI> peers = new ArrayList<>();

    @Option(names = "--peer-credentials", description = "file with a line 'URL user password' per --peer"
            + " (# comments allowed); must not be readable or writable by group or others")
    Path peerCredentials;

    @Option(names = "--peer-interval", description = "seconds between syncs with each peer when nothing changes"
            + " (default ${DEFAULT-VALUE}); a local change syncs within seconds", defaultValue = "30")
    long peerInterval;

    @Option(names = "--peer-encoding", description = "encoding spoken to peers: wbxml or xml (default ${DEFAULT-VALUE})",
            defaultValue = "wbxml")
    String peerEncoding;

    @Option(names = "--tombstone-days", description = "days a purge's tombstone is kept; a peer node away longer"
            + " gets a slow sync that drops what it holds older than that and we do not (default ${DEFAULT-VALUE})",
            defaultValue = "365")
    long tombstoneDays;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String nodeName = node != null ? node : hostName();
        if (maxMsgSize < 4096 || maxObjSize < 1024) {
            System.err.println("meshchat-syncml: --max-msg-size must be at least 4096 and --max-obj-size at least 1024");
            return 2;
        }
        List<Peer> peerList;
        try {
            peerList = PeerConfig.load(peers, peerCredentials, peerInterval, peerEncoding);
        } catch (IllegalArgumentException e) {
            err().println("meshchat-syncml: " + e.getMessage());
            return 2;
        }
        long buffered = maxBufferedObjects != null ? maxBufferedObjects : 2 * maxObjSize;
        if (buffered < maxObjSize) {
            System.err.println("meshchat-syncml: --max-buffered-objects must be at least --max-obj-size");
            return 2;
        }
        if (tombstoneDays < 1) {
            System.err.println("meshchat-syncml: --tombstone-days must be at least 1");
            return 2;
        }
        // with peers, memo slow syncs wait until this node has synced with one (a restored folder)
        ZoneCatchUp catchUp = peerList.isEmpty() ? ZoneCatchUp.none() : ZoneCatchUp.awaitingPeers();
        ServerConfig config = new ServerConfig(nodeName, "meshchat", channel, maxMsgSize, maxObjSize, Duration.ofMinutes(10),
                buffered).withTombstoneRetention(Duration.ofDays(tombstoneDays)).withCatchUp(catchUp);
        Store store;
        try {
            store = Store.open(data);
        } catch (StoreException e) {
            System.err.println("meshchat-syncml: " + e.getMessage());
            return 2;
        }
        Clock clock = Clock.systemUTC();
        try {
            TombstonePruner.start(store, config.tombstoneRetention(), clock); // a daemon thread: ends with the JVM
        } catch (StoreException e) {
            store.close();
            System.err.println("meshchat-syncml: " + e.getMessage());
            return 2;
        }
        SyncServer engine = new SyncServer(store, config, clock);
        AtomicReference<PeerLinks> links = new AtomicReference<>();
        Server server = HttpServer.assemble(host, port, syncPath, store, engine, nodeName,
                2 * config.maxMsgSize(), clock, // slack for clients that measure loosely; still bounded
                () -> links.get() == null ? List.of() : links.get().statuses());
        try {
            server.start();
        } catch (Exception e) {
            store.close();
            System.err.println("meshchat-syncml: " + startupError(e));
            return 2;
        }
        LegacyBridge v2 = null;
        if (v2Port != null || !v2Peers.isEmpty() || v2Zone != null) {
            try {
                v2 = LegacyBridge.start(store, new LegacyConfig(host, v2Port == null ? -1 : v2Port, v2Peers,
                        Duration.ofSeconds(v2Interval), v2Zone, nodeName), clock);
            } catch (IllegalArgumentException | IllegalStateException e) {
                stopQuietly(server);
                store.close();
                System.err.println("meshchat-syncml: " + e.getMessage());
                return 2;
            }
        }
        LegacyBridge bridge = v2;
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
                + (peerList.isEmpty() ? "" : "; syncing with " + peerList.size() + " peer node(s) every " + peerInterval + " s"));
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
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

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "meshchat";
        }
    }
}
