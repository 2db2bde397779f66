package meshchat.syncml.http;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import meshchat.syncml.engine.ChatDesk;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.legacy.V2NodeStatus;
import meshchat.syncml.peer.PeerStatus;
import meshchat.syncml.store.Store;
import io.micrometer.core.instrument.Tags;
import io.micrometer.jetty12.server.TimedHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * Assembles the Jetty server: plain construction, one handler per route. At startup the server
 * ({@link #server}) starts first, behind a {@link StartupGate}, and the routes ({@link #handlers})
 * follow once the store is open.
 */
public final class HttpServer {
    private HttpServer() {
    }

    /**
     * @param host          address to bind (null: all interfaces)
     * @param port          TCP port, 0 for an ephemeral one
     * @param syncPath      path of the SyncML endpoint, e.g. "/sync"
     * @param maxBodyBytes  largest SyncML request body accepted
     */
    public static Server assemble(String host, int port, String syncPath, Store store, SyncServer engine,
                                  String nodeName, long maxBodyBytes, Clock clock) {
        return assemble(host, port, syncPath, store, engine, nodeName, maxBodyBytes, clock, List::of);
    }

    /** The same, with the peer links' statuses shown on the status page and in /metrics. */
    public static Server assemble(String host, int port, String syncPath, Store store, SyncServer engine,
                                  String nodeName, long maxBodyBytes, Clock clock, Supplier<List<PeerStatus>> peers) {
        return assemble(host, port, syncPath, store, engine, nodeName, maxBodyBytes, clock, peers, List::of);
    }

    /** The same, with the legacy bridge's v2 nodes shown too (see {@code LegacyBridge.v2Statuses}). */
    public static Server assemble(String host, int port, String syncPath, Store store, SyncServer engine,
                                  String nodeName, long maxBodyBytes, Clock clock, Supplier<List<PeerStatus>> peers,
                                  Supplier<List<V2NodeStatus>> v2Nodes) {
        Server server = server(host, port);
        server.setHandler(handlers(server, syncPath, store, engine, nodeName, maxBodyBytes, clock, peers, v2Nodes));
        return server;
    }

    /** The name of the mesh-facing connector (the connector.name label of its jetty_connections_* meters). */
    public static final String MAIN_CONNECTOR = "syncml";

    /**
     * The server with its connector and no handler yet: what must answer first at startup, so it
     * loads little (no store, no metrics, no JSON). See {@link StartupGate}.
     */
    public static Server server(String host, int port) {
        // Jetty's MemoryUtils asks the platform MBean server whether oops are compressed unless told:
        // that boots all of JMX (and JFR's MBean) before the first answer. 16 = 64-byte cache line
        // / 4-byte compressed references, the default below 32 GB of heap; only a padding hint.
        System.getProperties().putIfAbsent("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        // named: /metrics tags each connector's meters by name (two unnamed ones collide)
        connector.setName(MAIN_CONNECTOR);
        HttpConfiguration http = connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
        // No "Server: Jetty(...)" line: ~25 bytes per reply on a radio link, and it names our
        // version to anyone. Date is put by Routes on every reply but SyncML's, not by Jetty.
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopTimeout(5_000);
        return server;
    }

    /**
     * Loads and initialises what {@link #server} and the first request need (issue 10: startup),
     * on a spare thread while the command line is read: Jetty's static tables (MimeTypes indexes
     * every Locale of the JDK, HttpParser its header cache) and the request path's classes. Only
     * class initialisation: a throwaway server, never started. Whatever fails here fails again
     * where it is used, but a failed static initialiser only as NoClassDefFoundError "Could not
     * initialize class": its cause is in the warning logged here.
     */
    public static void warmUp() {
        try {
            // the request path first: the main thread may be making the server already
            ClassLoader loader = HttpServer.class.getClassLoader();
            for (String name : WARM_UP) {
                Class.forName(name, true, loader);
            }
            server(null, 0);
        } catch (Exception | LinkageError e) {
            // the start goes on (see above: this is the one place the cause is seen)
            LoggerFactory.getLogger(HttpServer.class).warn("warm-up failed; the start goes on and fails where the class is used", e);
        }
    }

    /** Classes the first request loads (from -Xlog:class+load of a start), in that order. */
    private static final String[] WARM_UP = {
        "org.eclipse.jetty.io.SocketChannelEndPoint", "org.eclipse.jetty.io.WriteFlusher",
        "org.eclipse.jetty.io.FillInterest", "org.eclipse.jetty.server.internal.HttpConnection",
        "org.eclipse.jetty.http.HttpGenerator", "org.eclipse.jetty.http.HttpParser",
        "org.eclipse.jetty.http.HttpFields", "org.eclipse.jetty.http.MutableHttpFields",
        "org.eclipse.jetty.http.DateGenerator", "org.eclipse.jetty.http.HttpStatus",
        "org.eclipse.jetty.server.internal.HttpChannelState", "org.eclipse.jetty.server.internal.ResponseHttpFields",
        "org.eclipse.jetty.http.HttpURI", "org.eclipse.jetty.http.HttpTokens",
        "org.eclipse.jetty.util.Utf8StringBuilder", "org.eclipse.jetty.util.HostPort",
        "org.eclipse.jetty.server.internal.HttpChannelState$ChannelRequest",
        "org.eclipse.jetty.server.internal.HttpChannelState$ChannelResponse",
        "org.eclipse.jetty.server.internal.HttpChannelState$ChannelCallback",
        "org.eclipse.jetty.io.ArrayByteBufferPool", "org.eclipse.jetty.server.Server$DateField",
        "meshchat.syncml.http.StartupGate", "meshchat.syncml.http.StatusHandler",
    };

    /** Every route, for {@code server} (its thread pool and connectors are measured in /metrics). */
    public static Handler handlers(Server server, String syncPath, Store store, SyncServer engine, String nodeName,
                                   long maxBodyBytes, Clock clock, Supplier<List<PeerStatus>> peers,
                                   Supplier<List<V2NodeStatus>> v2Nodes) {
        ServerMetrics metrics = new ServerMetrics(store, engine, peers, v2Nodes, clock);
        StaticHandler web = new StaticHandler(Map.of("/static/meshchat.css", "meshchat.css",
                "/static/chat.js", "chat.js", "/chat", "chat.html"));
        Routes routes = new Routes()
                .exact(syncPath, new SyncMlHandler(engine, maxBodyBytes))
                .exact(changesPath(syncPath), new ChangesHandler(store))
                .prefix("/api/", new ApiHandler(new ChatDesk(store, nodeName, clock), engine.throttle(),
                        new DigestAuth(store, engine.throttle(), clock), store))
                .exact("/metrics", new MetricsHandler(metrics))
                .prefix("/static/", web)
                .exact("/chat", web);
        StatusHandler status = new StatusHandler(store, nodeName, clock, peers, v2Nodes, engine);
        routes.exact("/", status).exact(StatusHandler.TEXT_PATH, status);
        // A root context: handlers resolve their paths relative to it (Request.getPathInContext).
        // jetty_server_requests_seconds: every request's time and status, from Micrometer's Jetty 12 handler
        TimedHandler timed = new TimedHandler(metrics.registry(), Tags.empty());
        // bodies are gathered without a thread before a route reads them (BufferedBodies)
        timed.setHandler(new BufferedBodies(maxBodyBytes, BufferedBodies.budgetFor(maxBodyBytes, Runtime.getRuntime().maxMemory()),
                routes));
        return new ContextHandler(timed, "/") {
            @Override
            protected void doStart() throws Exception {
                // here, not while the routes are built: at startup they are built beside a server
                // that is starting its connectors (StartupGate), and are started once it has
                metrics.bindJetty(server);
                super.doStart();
            }
        };
    }

    /** The change check's path: the SyncML path plus "/changes" (a peer finds it from the URL it syncs with). */
    public static String changesPath(String syncPath) {
        return (syncPath.endsWith("/") ? syncPath.substring(0, syncPath.length() - 1) : syncPath) + "/changes";
    }
}
