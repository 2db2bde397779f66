package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;

class StatusHandlerTest {

    @TempDir
    Path dir;

    @Test
    void statusPageShowsNodeCountsAndUptime() throws Exception {
        try (TestServer t = new TestServer(dir)) {
            long seq = t.store.write(tx -> tx.addMessage(Message.create("0000000a", 1, "x", "K1", "n", "pi", ""), "t"));
            t.clock.now = t.clock.now.plus(Duration.ofSeconds(90_061));
            HttpResponse<String> r = t.get("/", null);
            assertEquals(200, r.statusCode());
            assertEquals(Optional.of("text/plain;charset=utf-8"),
                    r.headers().firstValue("Content-Type").map(v -> v.replace(" ", "").toLowerCase()));
            assertEquals("MeshChat SyncML server\nnode: node1\nmessages: 1\nlast change: " + seq
                    + "\nuptime: 1d 01:01:01\n", r.body());
        }
    }

    @Test
    void statusPageAnswersOnlyGet() throws Exception {
        try (TestServer t = new TestServer(dir)) {
            assertEquals(405, t.delete("/", null).statusCode());
        }
    }
}
