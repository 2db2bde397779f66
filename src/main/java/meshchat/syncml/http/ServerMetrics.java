package meshchat.syncml.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import meshchat.syncml.engine.SessionSummary;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.legacy.V2NodeStatus;
import meshchat.syncml.peer.PeerStatus;
import meshchat.syncml.store.Store;
import org.eclipse.jetty.server.Server;

/**
 * The meters behind {@code /metrics}: one Micrometer registry per server, written in the
 * Prometheus text format. Session meters are fed by the engine's {@link meshchat.syncml.engine.SessionLog};
 * store figures are read at scrape time; JVM and Jetty meters come from Micrometer's binders.
 */
final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<List<PeerStatus>> peers;
    private final Clock clock;
    /** The peers' latest statuses by URL, refreshed at each scrape; gauges read from it. */
    private final Map<String, PeerStatus> peerNow = new ConcurrentHashMap<>();
    private final Set<String> peerMeters = new HashSet<>();
    private final Supplier<List<V2NodeStatus>> v2Nodes;
    /** The v2 nodes' latest statuses by URL, refreshed at each scrape, as for peers. */
    private final Map<String, V2NodeStatus> v2Now = new ConcurrentHashMap<>();
    private final Set<String> v2Meters = new HashSet<>();

    ServerMetrics(Store store, SyncServer engine, Supplier<List<PeerStatus>> peers, Supplier<List<V2NodeStatus>> v2Nodes,
                  Clock clock) {
        this.peers = peers;
        this.v2Nodes = v2Nodes;
        this.clock = clock;
        Gauge.builder("meshchat.messages", store, s -> s.read(tx -> tx.messageCount()))
                .description("Messages held.").register(registry);
        Gauge.builder("meshchat.tombstones", store, s -> s.read(tx -> tx.tombstoneCount()))
                .description("Tombstones held (purged messages that must not come back).").register(registry);
        Gauge.builder("meshchat.change.seq", store, s -> s.read(tx -> tx.lastSeq()))
                .description("Last change sequence number in the store.").register(registry);
        Gauge.builder("meshchat.syncml.open.sessions", engine, SyncServer::openSessions)
                .description("Open SyncML sessions.").register(registry);
        Gauge.builder("meshchat.syncml.sessions.retained", engine, SyncServer::retainedSessionBytes).baseUnit("bytes")
                .description("Estimated heap the open sessions hold between messages (budgeted).").register(registry);
        FunctionCounter.builder("meshchat.syncml.sessions.shed", engine, SyncServer::shedSessions)
                .description("Sessions ended because sessions held more than their budget between messages.")
                .register(registry);
        FunctionCounter.builder("meshchat.auth.failures", engine, e -> e.throttle().failures())
                .description("Logins refused for wrong credentials (SyncML and API).").register(registry);
        FunctionCounter.builder("meshchat.auth.throttled", engine, e -> e.throttle().throttled())
                .description("Logins refused unchecked: account or device id in back-off.").register(registry);
        engine.sessionLog().addListener(this::sessionEnded);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry); // its listeners live as long as the JVM; one per server is fine
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Jetty's thread pool and connection meters; after the connectors are added. */
    void bindJetty(Server server) {
        new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    private void sessionEnded(SessionSummary s) {
        Tags tags = Tags.of("mode", s.mode(), "result", s.result().label());
        Counter.builder("meshchat.syncml.sessions").description("Finished SyncML sessions (server role).")
                .tags(tags).register(registry).increment();
        Counter.builder("meshchat.syncml.items").description("Items of finished SyncML sessions, by direction.")
                .tag("direction", "in").register(registry).increment(s.itemsIn());
        Counter.builder("meshchat.syncml.items").description("Items of finished SyncML sessions, by direction.")
                .tag("direction", "out").register(registry).increment(s.itemsOut());
        DistributionSummary.builder("meshchat.syncml.session.bytes").baseUnit("bytes")
                .description("SyncML bodies of a finished session, by direction.").tag("direction", "in")
                .register(registry).record(s.bytesIn());
        DistributionSummary.builder("meshchat.syncml.session.bytes").baseUnit("bytes")
                .description("SyncML bodies of a finished session, by direction.").tag("direction", "out")
                .register(registry).record(s.bytesOut());
        Timer.builder("meshchat.syncml.session.duration").description("Duration of finished SyncML sessions.")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10)).tags(tags).register(registry).record(s.duration());
    }

    /** The whole registry in the Prometheus text format (version 0.0.4). */
    String scrape() {
        refreshPeers();
        refreshV2Nodes();
        return registry.scrape();
    }

    /** Registers gauges for peers not seen before (the list is fixed at start, but read lazily). */
    private synchronized void refreshPeers() {
        for (PeerStatus p : peers.get()) {
            String url = PeerText.printable(p.url());
            peerNow.put(url, p);
            if (peerMeters.add(url)) {
                peerGauge(url, "meshchat.peer.up", "1 when the last session with the peer node succeeded, else 0.",
                        s -> s.lastAttempt() != null && s.lastError() == null ? 1 : 0);
                peerGauge(url, "meshchat.peer.last.success.seconds",
                        "Unix time the last good session with the peer ended (0: never).", s -> seconds(s.lastSuccess()));
                peerGauge(url, "meshchat.peer.last.attempt.seconds",
                        "Unix time the last session with the peer started (0: never).", s -> seconds(s.lastAttempt()));
                peerGauge(url, "meshchat.peer.sync.lag.seconds",
                        "Seconds since the last good session with the peer (NaN: never).",
                        s -> s.lastSuccess() == null ? Double.NaN
                                : Math.max(0, Duration.between(s.lastSuccess(), clock.instant()).toMillis() / 1000.0));
                peerGauge(url, "meshchat.peer.items.sent", "Items sent to the peer in the last session.", s -> s.itemsSent());
                peerGauge(url, "meshchat.peer.items.received", "Items received from the peer in the last session.",
                        s -> s.itemsReceived());
                peerGauge(url, "meshchat.peer.bytes.sent", "Bytes sent to the peer in the last session, HTTP heads included.",
                        s -> s.bytesSent());
                peerGauge(url, "meshchat.peer.bytes.received",
                        "Bytes received from the peer in the last session, HTTP heads included.", s -> s.bytesReceived());
            }
        }
    }

    private void peerGauge(String url, String name, String help, ToDoubleFunction<PeerStatus> value) {
        Gauge.builder(name, peerNow, m -> {
            PeerStatus s = m.get(url);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).description(help).tag("peer", url).register(registry);
    }

    /** Registers gauges for v2 nodes not seen before (zone discovery adds them while running). */
    private synchronized void refreshV2Nodes() {
        for (V2NodeStatus n : v2Nodes.get()) {
            String url = PeerText.printable(n.url());
            v2Now.put(url, n);
            if (v2Meters.add(url)) {
                v2Gauge(url, "meshchat.v2.up", "1 when the last pull of the v2 node succeeded, else 0.",
                        s -> s.lastSuccess() != null && s.lastError() == null ? 1 : 0);
                v2Gauge(url, "meshchat.v2.last.success.seconds",
                        "Unix time of the last good pull of the v2 node (0: never).", s -> seconds(s.lastSuccess()));
                v2Gauge(url, "meshchat.v2.sync.lag.seconds", "Seconds since the last good pull of the v2 node (NaN: never).",
                        s -> s.lastSuccess() == null ? Double.NaN
                                : Math.max(0, Duration.between(s.lastSuccess(), clock.instant()).toMillis() / 1000.0));
            }
        }
    }

    private void v2Gauge(String url, String name, String help, ToDoubleFunction<V2NodeStatus> value) {
        Gauge.builder(name, v2Now, m -> {
            V2NodeStatus s = m.get(url);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).description(help).tag("node", url).register(registry);
    }

    private static double seconds(Instant t) {
        return t == null ? 0 : t.toEpochMilli() / 1000.0;
    }
}
