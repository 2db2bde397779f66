package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.peer.PeerStatus;
import meshchat.syncml.store.Store;

/** The status page and /metrics show each peer, and a hostile URL or error forges nothing. */
class PeerStatusLinesTest {
    /** Quotes, a newline with a forged metric, a bidi override and a backslash. */
    static final String HOSTILE_URL = "http://127.0.0.2/sync\"} 1\nmeshchat_fake 1\u202e\\";
    static final String HOSTILE_ERROR = "refused\nnode: forged\r\n\u0000";
    static final Instant SUCCESS = Instant.parse("2026-11-26T12:00:00Z");
    static final Instant ATTEMPT = Instant.parse("2026-11-26T12:00:30Z");

    @TempDir
    Path dir;
    Store store;
    Server server;
    String base;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        ServerConfig config = new ServerConfig("node-t", "meshchat", "", 1_000_000, 4_000_000, Duration.ofMinutes(5));
        List<PeerStatus> peers = List.of(
                new PeerStatus("http://127.0.0.3:8080/sync", SUCCESS.plusNanos(281_950_623), SUCCESS.minusSeconds(2), null, 7, 4, 1_234, 5_678),
                new PeerStatus(HOSTILE_URL, SUCCESS, ATTEMPT, HOSTILE_ERROR, 0, 0, 0, 0),
                new PeerStatus("http://127.0.0.4/sync", null, null, null, 0, 0, 0, 0));
        server = HttpServer.assemble("127.0.0.1", 0, "/sync", store, new SyncServer(store, config, Clock.systemUTC()),
                "node-t", 2_000_000, Clock.systemUTC(), () -> peers);
        server.start();
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        store.close();
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    void statusPageHasOneLinePerPeerWithItsFigures() throws Exception {
        String page = get("/");
        List<String> peerLines = page.lines().filter(l -> l.startsWith("peer ")).toList();
        assertEquals(3, peerLines.size(), page);
        assertEquals("peer http://127.0.0.3:8080/sync: last success 2026-11-26T12:00:00Z, last attempt 2026-11-26T11:59:58Z,"
                + " last error none, last session: items sent 7 received 4, bytes sent 1234 received 5678", peerLines.get(0));
        assertEquals("peer http://127.0.0.4/sync: last success never, last attempt never, last error none,"
                + " last session: items sent 0 received 0, bytes sent 0 received 0", peerLines.get(2));
    }

    @Test
    void statusPageEscapesAHostileUrlAndError() throws Exception {
        String page = get("/");
        assertEquals(4 + 1 + 3, page.lines().count(), "no forged lines:\n" + page);
        assertFalse(page.lines().anyMatch(l -> l.startsWith("node: forged") || l.startsWith("meshchat_fake")), page);
        assertFalse(page.contains("\u202e") || page.contains("\u0000") || page.contains("\r"), page);
        assertTrue(page.contains("peer http://127.0.0.2/sync\"} 1\\u000ameshchat_fake 1\\u202e\\\\: last success"), page);
        assertTrue(page.contains("last error \"refused\\u000anode: forged\\u000d\\u000a\\u0000\""), page);
    }

    @Test
    void metricsHaveAGaugePerPeerWithEscapedLabels() throws Exception {
        String metrics = get("/metrics");
        // the whole output is the text format: a hostile label forges no line and breaks none
        List<PrometheusText.Sample> samples = PrometheusText.parse(metrics);
        String good = "http://127.0.0.3:8080/sync";
        String never = "http://127.0.0.4/sync";
        assertEquals(7.0, PrometheusText.value(samples, "meshchat_peer_items_sent", "peer", good));
        assertEquals(5678.0, PrometheusText.value(samples, "meshchat_peer_bytes_received", "peer", good));
        assertEquals(SUCCESS.getEpochSecond() + 0.281, PrometheusText.value(samples, "meshchat_peer_last_success_seconds",
                "peer", good), 1e-6);
        assertEquals(1.0, PrometheusText.value(samples, "meshchat_peer_up", "peer", good));
        assertEquals(0.0, PrometheusText.value(samples, "meshchat_peer_up", "peer", never));
        assertEquals(0.0, PrometheusText.value(samples, "meshchat_peer_last_attempt_seconds", "peer", never));
        assertTrue(Double.isNaN(PrometheusText.value(samples, "meshchat_peer_sync_lag_seconds", "peer", never)));
        assertTrue(PrometheusText.value(samples, "meshchat_peer_sync_lag_seconds", "peer", good) > 0);
        // the hostile URL arrives as one label value, made printable: no newline, no bidi override
        assertEquals(0.0, PrometheusText.value(samples, "meshchat_peer_up", "peer", PeerText.printable(HOSTILE_URL)));
        assertFalse(metrics.contains("\u202e") && metrics.contains("\u202e\n"), metrics);
        assertFalse(metrics.lines().anyMatch(l -> l.startsWith("meshchat_fake")), metrics);
        assertEquals(8 * 3, samples.stream().filter(x -> x.name().startsWith("meshchat_peer_")).count());
    }

    @Test
    void withoutPeersNothingIsAdded() {
        assertEquals("", StatusHandler.peerLines(List.of()));
    }
}
