package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-test of the SyncEvolution harness; needs no MeshChat server. A tiny JDK HTTP listener on
 * 127.0.0.1 records what the client POSTs and answers 500 with a garbage body.
 */
class SyncEvolutionHarnessTest {

    private record Post(String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean answer = true;
    private HttpServer listener;
    private ExecutorService executor;

    @TempDir
    Path tmp;

    @BeforeEach
    void startListener() throws IOException {
        ToolCheck.requireSyncEvolution();
        executor = Executors.newCachedThreadPool();
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.setExecutor(executor);
        listener.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes(); // a truncated body (client crashed) throws: not recorded
                posts.add(new Post(exchange.getRequestHeaders().getFirst("Content-Type"), body));
                if (!answer) {
                    release.await(5, TimeUnit.MINUTES);
                }
                byte[] garbage = "this is not SyncML".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(500, garbage.length);
                exchange.getResponseBody().write(garbage);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        listener.start();
    }

    @AfterEach
    void stopListener() {
        release.countDown();
        listener.stop(0);
        executor.shutdownNow();
    }

    private SyncEvolutionClient client(boolean wbxml) {
        String url = "http://127.0.0.1:" + listener.getAddress().getPort() + "/sync";
        SyncOptions options = SyncOptions.of(url, "alice", "secret").withWbxml(wbxml)
                .withTimeout(Duration.ofSeconds(60));
        SyncEvolutionClient client = SyncEvolutionClient.create(tmp.resolve("client"), options);
        client.writeMemo("memo-1", "Grüße vom Berg ✓ 73 de DL1ABC\n");
        return client;
    }

    @Test
    void firstPostArrivesAsSyncMlXmlWithTheFixAndTheClientFailsWithoutCrashing() {
        SyncEvolutionClient client = client(false);

        SyncResult result = client.sync(SyncEvolutionClient.SLOW);

        assertFalse(posts.isEmpty(), () -> "no POST reached the listener\n" + result.describe());
        Post first = posts.get(0);
        String body = first.text();
        assertAll(
                () -> assertEquals("application/vnd.syncml+xml", first.contentType()),
                () -> assertTrue(body.contains("<SyncML"), body),
                () -> assertTrue(body.contains("<Alert>"), body),
                () -> assertTrue(body.contains(client.options().deviceId()), body),
                () -> assertFalse(result.timedOut(), result::describe),
                () -> assertNotEquals(0, result.exitCode(), result::describe),
                () -> assertNotEquals(SyncResult.SIGSEGV_EXIT, result.exitCode(), result::describe),
                () -> assertTrue(client.curlFixLog().contains("WRITEFUNCTION -> CurlTransportAgent::writeData"),
                        () -> "curl-fix.so did not substitute the write callback: " + client.curlFixLog()),
                () -> assertEquals(1, result.outgoing().messageCount(), result::describe),
                () -> assertEquals(201, result.outgoing().syncAlert(), result::describe));
    }

    @Test
    void firstPostInWbxmlDecodesWithLibwbxml() throws Exception {
        Path wbxml2xml = ToolCheck.require("wbxml2xml", "libwbxml2-utils");
        SyncEvolutionClient client = client(true);

        SyncResult result = client.sync(SyncEvolutionClient.SLOW);

        assertFalse(posts.isEmpty(), () -> "no POST reached the listener\n" + result.describe());
        Post first = posts.get(0);
        assertEquals("application/vnd.syncml+wbxml", first.contentType());
        Path in = Files.write(tmp.resolve("first.wbxml"), first.body());
        Path out = tmp.resolve("first.xml");
        Process p = new ProcessBuilder(wbxml2xml.toString(), "-o", out.toString(), in.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wbxml2xml hangs");
        assertEquals(0, p.exitValue(), log);
        String xml = Files.readString(out, StandardCharsets.UTF_8);
        assertAll(
                () -> assertTrue(xml.contains("<SyncML"), xml),
                () -> assertTrue(xml.contains("<Alert>"), xml),
                () -> assertTrue(xml.contains(client.options().deviceId()), xml),
                () -> assertNotEquals(SyncResult.SIGSEGV_EXIT, result.exitCode(), result::describe));
    }

    @Test
    void withoutTheFixTheClientCrashesBeforeAMessageArrives() {
        SyncEvolutionClient client = client(false);

        SyncResult result = client.sync(SyncEvolutionClient.SLOW, false);

        // Observed with libsyncevolution 2.0.0-3+b1: the HTTP head goes out, then the client
        // dies with SIGSEGV in fread() before the body is complete (exit code 139).
        assertTrue(result.exitCode() == SyncResult.SIGSEGV_EXIT || posts.isEmpty(),
                () -> "the unpatched client neither crashed nor failed to deliver; is the fix still needed?\n"
                        + "posts=" + posts.size() + "\n" + result.describe());
        assertEquals("", client.curlFixLog());
    }

    @Test
    void aRunThatExceedsItsTimeoutIsKilledByPid() {
        answer = false;
        String url = "http://127.0.0.1:" + listener.getAddress().getPort() + "/sync";
        // 10 s: time for the client to start and POST its whole body on a loaded host
        SyncOptions options = SyncOptions.of(url, "alice", "secret").withTimeout(Duration.ofSeconds(10));
        SyncEvolutionClient client = SyncEvolutionClient.create(tmp.resolve("client"), options);
        client.writeMemo("memo-1", "waiting\n");

        SyncResult result = client.sync(SyncEvolutionClient.SLOW);

        assertTrue(result.timedOut(), result::describe);
        assertNotNull(posts.isEmpty() ? null : posts.get(0), "the client never reached the listener");
        assertFalse(ProcessHandle.of(result.pid()).map(ProcessHandle::isAlive).orElse(false),
                () -> "pid " + result.pid() + " still alive after the timeout");
    }
}
