package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The server answers before its store is open (issue 10): the status page says so truthfully,
 * other requests wait for the store, and get a retryable 503 only when it does not come.
 */
class StartupGateTest {
    private final HttpClient http = HttpClient.newHttpClient();

    /** Stands in for the real routes once "the store is open". */
    private static final class Ready extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.write(true, ByteBuffer.wrap(("ready " + Request.getPathInContext(request)).getBytes(StandardCharsets.UTF_8)),
                    callback);
            return true;
        }
    }

    private static Server start(StartupGate gate) throws Exception {
        Server server = HttpServer.server("127.0.0.1", 0);
        server.setHandler(gate);
        server.start();
        return server;
    }

    private static URI uri(Server server, String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    private HttpResponse<String> get(Server server, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Server server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).header("Content-Type", "application/vnd.syncml+xml")
                .POST(HttpRequest.BodyPublishers.ofString("<SyncML/>")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusPageSaysTheStoreIsStartingThenTheRealRoutesAnswer() throws Exception {
        StartupGate gate = new StartupGate("node-<x>", Duration.ZERO);
        Server server = start(gate);
        try {
            HttpResponse<String> text = get(server, "/", null);
            assertEquals(200, text.statusCode());
            assertTrue(text.body().contains("node: node-<x>\nstore: starting\n"), text.body());
            assertFalse(text.body().contains("messages:"), "no counts before the store is open");
            assertTrue(text.headers().firstValue("Date").isPresent());
            assertEquals(200, get(server, "/status.txt", null).statusCode());
            HttpResponse<String> html = get(server, "/", "text/html,*/*");
            assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(html.body().contains("node-&lt;x&gt; is starting"), html.body());

            HttpResponse<String> sync = post(server, "/sync"); // waits Duration.ZERO here
            assertEquals(503, sync.statusCode());
            assertEquals(String.valueOf(StartupGate.RETRY_AFTER_SECONDS), sync.headers().firstValue("Retry-After").orElse(null));
            assertTrue(sync.body().contains("starting"), sync.body());

            gate.open(new Ready());
            assertEquals("ready /", get(server, "/", null).body());
            assertEquals("ready /sync", post(server, "/sync").body());
        } finally {
            server.stop();
        }
    }

    @Test
    void aSyncMlRequestWaitsForTheStoreInsteadOfFailing() throws Exception {
        StartupGate gate = new StartupGate("n", Duration.ofMinutes(2));
        Server server = start(gate);
        try {
            CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return post(server, "/sync");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(200, get(server, "/", null).statusCode(), "the status page does not wait");
            gate.open(new Ready());
            HttpResponse<String> r = waiting.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("ready /sync", r.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void aStoreThatFailsToOpenGivesServiceUnavailable() throws Exception {
        StartupGate gate = new StartupGate("n", Duration.ofMinutes(2));
        Server server = start(gate);
        try {
            gate.failed("data folder /x is locked");
            HttpResponse<String> r = post(server, "/sync");
            assertEquals(503, r.statusCode());
            assertTrue(r.body().contains("data folder /x is locked"), r.body());
            assertEquals(503, get(server, "/", null).statusCode());
        } finally {
            server.stop();
        }
    }
}
