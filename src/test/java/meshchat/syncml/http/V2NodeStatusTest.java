package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.engine.ChatDesk;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.legacy.LegacyBridge;
import meshchat.syncml.legacy.LegacyConfig;
import meshchat.syncml.legacy.V2NodeStatus;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;

/**
 * The v2 nodes the legacy bridge pulls, on the status page (HTML and text) and in /metrics: a
 * real v2 node (our own bridge serving the v2 API on another port) and a dead one on 127.0.0.2;
 * and hostile names and errors forge nothing.
 */
class V2NodeStatusTest {
    @TempDir
    Path dir;
    Store served;
    Store pulling;
    LegacyBridge v2Node;
    LegacyBridge bridge;
    Server server;
    String base;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        for (AutoCloseable c : new AutoCloseable[] {bridge, v2Node, pulling, served}) {
            if (c != null) {
                c.close();
            }
        }
    }

    void serve(Store store, Supplier<List<V2NodeStatus>> v2) throws Exception {
        ServerConfig config = new ServerConfig("node-b", "meshchat", "", 1_000_000, 4_000_000, Duration.ofMinutes(5));
        server = HttpServer.assemble("127.0.0.1", 0, "/sync", store, new SyncServer(store, config, Clock.systemUTC()),
                "node-b", 2_000_000, Clock.systemUTC(), List::of, v2);
        server.start();
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    String get(String path, String accept) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A port on 127.0.0.2 where nothing listens (bound, then released). */
    static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void aLiveAndADeadV2NodeShowTheirLastSuccessAndError() throws Exception {
        served = Store.open(dir.resolve("a"));
        new ChatDesk(served, "node-a", Clock.systemUTC()).post(Account.user("ham", "pw", "K1ABC"), null, "", "from v2");
        v2Node = LegacyBridge.start(served, new LegacyConfig("127.0.0.1", 0, List.of(), Duration.ofSeconds(60), null,
                "node-a"), Clock.systemUTC());
        String live = "http://127.0.0.1:" + v2Node.port();
        String dead = "http://127.0.0.2:" + deadPort();
        pulling = Store.open(dir.resolve("b"));
        bridge = LegacyBridge.start(pulling, new LegacyConfig("127.0.0.1", -1, List.of(URI.create(live), URI.create(dead)),
                Duration.ofMillis(200), null, "node-b"), Clock.systemUTC());
        serve(pulling, bridge::v2Statuses);
        await("a good pull of the live node and a failed one of the dead node", () -> {
            List<V2NodeStatus> s = bridge.v2Statuses();
            return s.size() == 2 && s.get(0).lastSuccess() != null && s.get(1).lastError() != null;
        });
        assertEquals(1L, (long) pulling.read(tx -> tx.messageCount()), "the live node's message arrived");
        List<V2NodeStatus> statuses = bridge.v2Statuses();
        assertEquals(live, statuses.get(0).url());
        assertEquals("127.0.0.1:" + v2Node.port(), statuses.get(0).name());
        assertNull(statuses.get(1).lastSuccess());
        String error = statuses.get(1).lastError();

        List<String> lines = get("/status.txt", "*/*").lines().filter(l -> l.startsWith("v2 node ")).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("v2 node " + live.replace(".", "\\.")
                + ": last success \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, last error none"), lines.get(0));
        assertEquals("v2 node " + dead + ": last success never, last error \"" + PeerText.printable(error) + "\"",
                lines.get(1));

        String html = get("/", "text/html");
        assertTrue(html.contains("<h2>v2 nodes</h2>"), html);
        assertTrue(html.contains("<tr><td>" + live + "</td><td>" + Html.time(statuses.get(0).lastSuccess())
                + "</td><td>none</td></tr>"), html);
        assertTrue(html.contains("<tr><td>" + dead + "</td><td>never</td><td>" + Html.escape(PeerText.printable(error))
                + "</td></tr>"), html);

        List<PrometheusText.Sample> samples = PrometheusText.parse(get("/metrics", "*/*"));
        assertEquals(1.0, PrometheusText.value(samples, "meshchat_v2_up", "node", live));
        assertEquals(0.0, PrometheusText.value(samples, "meshchat_v2_up", "node", dead));
        double lag = PrometheusText.value(samples, "meshchat_v2_sync_lag_seconds", "node", live);
        assertTrue(lag >= 0 && lag < 3600, "lag " + lag);
        assertTrue(Double.isNaN(PrometheusText.value(samples, "meshchat_v2_sync_lag_seconds", "node", dead)));
        assertEquals(0.0, PrometheusText.value(samples, "meshchat_v2_last_success_seconds", "node", dead));
        assertEquals(3 * 2, samples.stream().filter(x -> x.name().startsWith("meshchat_v2_")).count());
    }

    @Test
    void hostileNamesAndErrorsAreShownAsText() throws Exception {
        String url = "http://127.0.0.2:8080<script>alert(1)</script>\"} 1\nmeshchat_fake 1\u202e";
        String error = "refused <img src=x onerror=alert(2)>\nnode: forged\r\n\u0000";
        Instant good = Instant.parse("2026-11-26T12:00:00Z");
        List<V2NodeStatus> nodes = List.of(new V2NodeStatus("127.0.0.2:8080", url, good, error));
        pulling = Store.open(dir.resolve("b"));
        serve(pulling, () -> nodes);

        String text = get("/status.txt", "*/*");
        assertEquals(5 + 1, text.lines().count(), "no forged lines:\n" + text);
        assertFalse(text.contains("\u202e") || text.contains("\u0000") || text.contains("\r"), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("v2 node http://127.0.0.2:8080<script>")
                && l.contains(": last success 2026-11-26T12:00:00Z, last error \"refused <img src=x onerror=alert(2)>"
                + "\\u000anode: forged\\u000d\\u000a\\u0000\"")).count(), text);

        String html = get("/", "text/html");
        assertFalse(html.contains("<script") || html.contains("<img") || html.contains("\u202e"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;} 1\\u000ameshchat_fake 1\\u202e"), html);
        assertTrue(html.contains("refused &lt;img src=x onerror=alert(2)&gt;\\u000anode: forged"), html);

        String metrics = get("/metrics", "*/*");
        List<PrometheusText.Sample> samples = PrometheusText.parse(metrics); // the whole output still parses
        assertEquals(0.0, PrometheusText.value(samples, "meshchat_v2_up", "node", PeerText.printable(url)));
        assertEquals((double) good.getEpochSecond(),
                PrometheusText.value(samples, "meshchat_v2_last_success_seconds", "node", PeerText.printable(url)));
        assertFalse(metrics.lines().anyMatch(l -> l.startsWith("meshchat_fake")), metrics);
    }
}
