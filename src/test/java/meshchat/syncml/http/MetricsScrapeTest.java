package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics after real syncs over HTTP: the counters moved, and the whole output is the Prometheus text format. */
class MetricsScrapeTest {
    @TempDir
    Path dir;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static List<PrometheusText.Sample> scrape(SyncEndpoint e) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(e.base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return PrometheusText.parse(r.body());
    }

    private static int apiGet(SyncEndpoint e, String credentials) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(e.base + "/api/messages")).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void countersMoveAfterASyncAndTheOutputParses() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            List<PrometheusText.Sample> before = scrape(e);
            assertEquals(0, before.stream().filter(s -> s.name().equals("meshchat_syncml_sessions_total")).count());
            assertEquals(0.0, PrometheusText.value(before, "meshchat_messages"));
            assertEquals(0.0, PrometheusText.value(before, "meshchat_auth_failures_total"));

            try (MemoDevice phone = new MemoDevice(e.url, "phone-1", "alice", "secret", "127.0.0.22")) {
                phone.write("one");
                phone.write("two");
                phone.write("three");
                phone.sync(); // slow, 3 in
                phone.write("four");
                phone.sync(); // two-way, 1 in
            }
            assertEquals(401, apiGet(e, "alice:wrong"));

            List<PrometheusText.Sample> after = scrape(e);
            assertEquals(1.0, PrometheusText.value(after, "meshchat_syncml_sessions_total", "mode", "slow", "result", "ok"));
            assertEquals(1.0, PrometheusText.value(after, "meshchat_syncml_sessions_total", "mode", "two-way", "result", "ok"));
            assertEquals(4.0, PrometheusText.value(after, "meshchat_syncml_items_total", "direction", "in"));
            assertEquals(0.0, PrometheusText.value(after, "meshchat_syncml_items_total", "direction", "out"));
            assertEquals(2.0, PrometheusText.value(after, "meshchat_syncml_session_bytes_count", "direction", "in"));
            assertTrue(PrometheusText.value(after, "meshchat_syncml_session_bytes_sum", "direction", "in") > 500);
            assertTrue(PrometheusText.value(after, "meshchat_syncml_session_bytes_sum", "direction", "out") > 500);
            assertEquals(1.0, PrometheusText.value(after, "meshchat_syncml_session_duration_seconds_count", "mode", "slow"));
            assertEquals(1.0, PrometheusText.value(after, "meshchat_syncml_session_duration_seconds_bucket", "mode", "slow",
                    "le", "+Inf"));
            assertEquals(4.0, PrometheusText.value(after, "meshchat_messages"));
            assertEquals(0.0, PrometheusText.value(after, "meshchat_tombstones"));
            assertEquals(1.0, PrometheusText.value(after, "meshchat_auth_failures_total"));
            // the finished sessions are kept for replay: their last replies are held, nothing was shed
            assertTrue(PrometheusText.value(after, "meshchat_syncml_sessions_retained_bytes") > 0);
            assertEquals(0.0, PrometheusText.value(after, "meshchat_syncml_sessions_shed_total"));
            // the library's binders: JVM, Jetty's threads and connections, every request's time
            assertTrue(after.stream().anyMatch(s -> s.name().equals("jvm_memory_used_bytes")));
            assertTrue(after.stream().anyMatch(s -> s.name().equals("jvm_threads_live_threads")));
            assertTrue(after.stream().anyMatch(s -> s.name().startsWith("jetty_threads_")));
            assertTrue(after.stream().anyMatch(s -> s.name().startsWith("jetty_connections_")));
            assertTrue(after.stream().anyMatch(s -> s.name().startsWith("jetty_server_requests_seconds")
                    && "POST".equals(s.labels().get("method"))));
        }
    }

    @Test
    void theGrammarRefusesBrokenOutput() {
        String ok = "# TYPE a counter\na_total 1.0\n";
        assertEquals(1, PrometheusText.parse(ok).size());
        for (String bad : List.of("# TYPE a gauge\na 1", "# TYPE a gauge\na{x=\"1\"\"} 1\n", "b 1\n",
                "# TYPE a gauge\na one\n", "# TYPE a gauge\na{x=\"a\nb\"} 1\n",
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n")) {
            try {
                PrometheusText.parse(bad);
                throw new AssertionError("accepted: " + bad);
            } catch (IllegalArgumentException expected) {
                // refused, as it should be
            }
        }
    }
}
