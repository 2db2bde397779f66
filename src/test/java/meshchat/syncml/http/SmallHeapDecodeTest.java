package meshchat.syncml.http;

import static meshchat.syncml.http.Cmds.alert;
import static meshchat.syncml.http.Cmds.hdr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import meshchat.syncml.protocol.CraftedWbxml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unauthenticated hostile bodies against the real server in a JVM of -Xmx64m (README's advice for
 * small hosts): a WBXML string table expanding 12,000-fold, and four concurrent 2 MB bodies of empty
 * Puts. Before the decode bounds each of them ran the server out of heap.
 */
class SmallHeapDecodeTest {
    @TempDir
    Path dir;

    @Test
    void hostileBodiesLeaveA64MbServerWorking() throws Exception {
        try (SmallHeapServer server = new SmallHeapServer(dir.resolve("data"))) {
            String base = server.url;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            byte[] strT = CraftedWbxml.stringTableRefs(50_000, 25_000, "dev-evil"); // 100 KB asking for 1.25e9 chars
            assertEquals(400, post(http, base, strT, "application/vnd.syncml+wbxml").join());

            StringBuilder b = new StringBuilder();
            b.append("<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto>")
                    .append("<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>http://127.0.0.1/sync</LocURI>")
                    .append("</Target><Source><LocURI>dev-put</LocURI></Source></SyncHdr><SyncBody>")
                    .append("<Put/>".repeat(330_000)).append("<Final/></SyncBody></SyncML>");
            byte[] puts = b.toString().getBytes(StandardCharsets.UTF_8); // 1.98 MB, under the 2 MB body limit
            List<CompletableFuture<Integer>> four = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                four.add(post(http, base, puts, "application/vnd.syncml+xml"));
            }
            for (CompletableFuture<Integer> f : four) {
                assertEquals(200, f.join(), "the gate's SyncHdr 413 travels in a 200 reply");
            }

            TestSyncClient alice = new TestSyncClient(base, "dev-a", "alice", "secret");
            alice.newSession();
            assertEquals("212", hdr(alice.send(List.of(alert(201, null, "A1")), true)));
            assertFalse(server.log().contains("OutOfMemoryError"), server.log());
        }
    }

    private static CompletableFuture<Integer> post(HttpClient http, String url, byte[] body, String type) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
