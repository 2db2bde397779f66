package meshchat.syncml.legacy;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import meshchat.syncml.store.Store;

/**
 * The legacy MeshChat v2 bridge, the door of this package. It serves v2's API on its own port so
 * v2 nodes can pull from us, and pulls v2 nodes (the configured ones and, on an AREDN node, those
 * of the zone) one after the other every interval, as v2's sync daemon does.
 *
 * <p>v2 nodes cannot delete: a purged message is gone from every v2 answer of ours and is never
 * imported again, but v2 nodes that hold it keep it until it leaves their 500-message window.
 */
public final class LegacyBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyBridge.class);

    private final Server server;
    private final int port;
    private final ScheduledExecutorService rounds;
    private final ExecutorService httpThreads;
    /** The peers pulled so far, in the order first seen; the round thread adds, status readers copy. */
    private final Map<URI, V2Puller> pullers;
    private final V2SyncStatus status;

    private LegacyBridge(Server server, int port, ScheduledExecutorService rounds, ExecutorService httpThreads,
                         Map<URI, V2Puller> pullers, V2SyncStatus status) {
        this.server = server;
        this.port = port;
        this.rounds = rounds;
        this.httpThreads = httpThreads;
        this.pullers = pullers;
        this.status = status;
    }

    /**
     * Starts serving (unless {@code v2Port} is -1) and pulling. Throws IllegalStateException with
     * a one-line reason when the port cannot be had.
     */
    /** Largest v2 API request body (a send_message form) the handler reads. */
    public static final int MAX_FORM_BYTES = V2Handler.MAX_FORM_BYTES;

    public static LegacyBridge start(Store store, LegacyConfig config, Clock clock) {
        return start(store, config, clock, h -> h);
    }

    /**
     * As {@link #start(Store, LegacyConfig, Clock)}, with {@code front} put before the v2 API's
     * handler ({@code serve} puts the body gathering of the main port there: the v2 API needs no login).
     */
    public static LegacyBridge start(Store store, LegacyConfig config, Clock clock, UnaryOperator<Handler> front) {
        return start(store, config, clock, V2Discovery.onNode(config.zone(), config.nodeName()), front);
    }

    static LegacyBridge start(Store store, LegacyConfig config, Clock clock, V2Discovery discovery) {
        return start(store, config, clock, discovery, h -> h);
    }

    static LegacyBridge start(Store store, LegacyConfig config, Clock clock, V2Discovery discovery,
                              UnaryOperator<Handler> front) {
        V2Db db = new V2Db(store, clock);
        V2Users users = new V2Users(config.nodeName(), V2Actions.PLATFORM);
        V2SyncStatus status = new V2SyncStatus();
        V2Actions actions = new V2Actions(store, clock, db, users, status, discovery, config.nodeName(),
                config.zoneOrDefault(), new SecureRandom());
        Server server = config.v2Port() < 0 ? null : listen(config, front.apply(new V2Handler(actions)));
        int port = server == null ? -1 : ((ServerConnector) server.getConnectors()[0]).getLocalPort();

        ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemon("v2-client"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // v2 peers speak 1.x only
                .connectTimeout(V2Puller.CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpThreads).build();
        Map<URI, V2Puller> pullers = Collections.synchronizedMap(new LinkedHashMap<>());
        Runnable round = () -> {
            try {
                db.current(); // keeps the view warm and its aliases recorded even without pulls
                Set<URI> peers = new LinkedHashSet<>(config.peers());
                peers.addAll(discovery.peers());
                for (URI peer : peers) {
                    try {
                        pullers.computeIfAbsent(peer, p -> new V2Puller(p, http, store, clock, db, users, status,
                                config.nodeName(), V2Puller.REQUEST_TIMEOUT, config.tombstoneRetention())).poll();
                    } catch (RuntimeException | Error e) { // one peer's failure skips none after it
                        LOG.warn("v2 pull of {} failed: {}", peer, e.toString());
                    }
                }
            } catch (RuntimeException | Error e) {
                // the next round tries again: an exception out of here would end the schedule for good
                LOG.warn("v2 sync round failed: {}", e.toString());
            }
        };
        ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(daemon("v2-sync"));
        rounds.scheduleWithFixedDelay(round, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("v2 bridge: {}; pulling {} peer(s){} every {} s", server == null ? "not serving"
                        : "v2 API on port " + port, config.peers().size(),
                discovery.enabled() ? " and zone " + config.zone() : "", config.interval().toMillis() / 1000.0);
        return new LegacyBridge(server, port, rounds, httpThreads, pullers, status);
    }

    /**
     * Each v2 node pulled since the start (configured or found in the zone), in the order first
     * pulled: its last good sync and its last error. Safe from any thread.
     */
    public List<V2NodeStatus> v2Statuses() {
        List<V2Puller> known;
        synchronized (pullers) {
            known = new ArrayList<>(pullers.values());
        }
        Map<String, V2NodeStatus> out = new LinkedHashMap<>(); // two URLs of one host:port share a status
        for (V2Puller p : known) {
            V2SyncStatus.Peer s = status.peer(p.name());
            out.putIfAbsent(p.name(), new V2NodeStatus(p.name(), p.url(),
                    s == null || s.lastGood() <= 0 ? null : Instant.ofEpochSecond(s.lastGood()),
                    s == null ? null : s.error()));
        }
        return List.copyOf(out.values());
    }

    /** The port the v2 API listens on; -1 when not serving. */
    public int port() {
        return port;
    }

    /** Stops pulling and serving; waits a few seconds for a running round. */
    @Override
    public void close() {
        rounds.shutdownNow();
        try {
            rounds.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpThreads.shutdownNow();
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("stopping the v2 API failed: {}", e.toString());
            }
        }
    }

    private static Server listen(LegacyConfig config, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("v2-api");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false); // bytes on a radio link; v2 peers never look
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.v2Port());
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
            return server;
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing; the first error is the one to report
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot serve the v2 API on " + (config.host() == null ? "*" : config.host())
                    + ":" + config.v2Port() + ": " + root.getMessage() + "; choose another --v2-port", e);
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
