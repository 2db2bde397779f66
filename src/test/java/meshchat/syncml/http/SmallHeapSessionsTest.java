package meshchat.syncml.http;

import static meshchat.syncml.http.Cmds.hdr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Put;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions sending messages of 95,000 empty Puts (under the command gate) against the real
 * server in a JVM of -Xmx64m (security audit, finding 3): one session sending them again and
 * again while its tiny replies drain few statuses, then eight sessions of each of two accounts,
 * half allowing tiny replies (the statuses are carried to later replies), half huge ones (the
 * statuses in the reply kept for replay). Before replies were capped, carried statuses packed
 * and what sessions hold budgeted, the second session ran the server out of heap.
 */
class SmallHeapSessionsTest {
    private static final int PUTS = 95_000;

    @TempDir
    Path dir;

    @Test
    void hugeMessagesOfManySessionsLeaveA64MbServerWorking() throws Exception {
        List<Command> puts = new ArrayList<>(PUTS);
        for (int i = 0; i < PUTS; i++) {
            puts.add(new Put(Integer.toString(i + 1), false, null, List.of()));
        }
        try (SmallHeapServer server = new SmallHeapServer(dir.resolve("data"))) {
            // one session adding statuses faster than its small replies drain them is ended
            TestSyncClient hog = client(server, "dev-hog", "alice", 4_096);
            String ended = null;
            for (int m = 1; m <= 8 && ended == null; m++) {
                String code = hdr(send(server, hog, puts, "hog message " + m));
                if (!code.equals("212") && !code.equals("200")) {
                    ended = code;
                }
            }
            assertTrue(server.logShows("carries ~"), "the hog was ended: " + server.log());
            assertTrue("401".equals(ended) || "407".equals(ended), "its next message needs a login: " + ended);

            // sixteen sessions of two accounts, half of them allowing tiny replies (statuses carried)
            // and half huge ones (replies up to our own MaxMsgSize and 10,000 commands kept for replay)
            for (String user : List.of("alice", "root")) {
                for (int d = 0; d < 8; d++) {
                    TestSyncClient c = client(server, user + "-dev-" + d, user, d % 2 == 0 ? 4_096 : 100_000_000);
                    assertEquals("212", hdr(send(server, c, puts, user + " device " + d)));
                }
            }
            // over the budget (a quarter of the heap): finished sessions, then the largest, were ended
            assertTrue(server.logShows("sessions hold more than"), server.log());
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.url.replace("/sync", "/api/messages?limit=1"))).header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, api.statusCode(), "the server still answers: " + api.body());
            assertFalse(server.log().contains("OutOfMemoryError"), server.log());
        }
    }

    private static TestSyncClient client(SmallHeapServer server, String device, String user, long maxMsgSize) {
        TestSyncClient c = new TestSyncClient(server.url, device, user, "alice".equals(user) ? "secret" : "admin");
        c.encoding = Encoding.WBXML; // ~10 bytes a Put: 95,000 fit the 2 MB body limit
        c.maxMsgSize = maxMsgSize;
        c.newSession();
        return c;
    }

    private static SyncMessage send(SmallHeapServer server, TestSyncClient c, List<Command> commands, String what)
            throws Exception {
        try {
            return c.send(commands, false);
        } catch (IllegalStateException e) {
            throw new AssertionError(what + ": " + e.getMessage().lines().findFirst().orElse("") + "\n" + server.log(), e);
        }
    }
}
