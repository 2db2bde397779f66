package meshchat.syncml.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.store.Store;

/** The whole road: a post on node A reaches node B through the peer job, the engine's client role and real HTTP. */
class PeerLinksOverHttpTest {
    @TempDir
    Path dir;
    PeerNode b;
    Store a;
    PeerLinks links;

    @BeforeEach
    void start() throws Exception {
        b = new PeerNode(dir.resolve("b"), "node-b");
        a = Store.open(dir.resolve("a"));
    }

    @AfterEach
    void stop() throws Exception {
        if (links != null) {
            links.close();
        }
        a.close();
        b.close();
    }

    static Message message(Store s, String v2Id, String text) {
        Message m = Message.create(v2Id, 1_700_000_000L, text, "K1ABC", "node", "test", "");
        s.write(tx -> tx.addMessage(m, "test"));
        return m;
    }

    @Test
    void aPostOnOneNodeReachesItsPeerSoonAndBack() throws Exception {
        for (Encoding encoding : Encoding.values()) {
            URI url = URI.create(b.url);
            if (links != null) {
                links.close();
            }
            links = PeerLinks.start(a, "node-a", List.of(new Peer(url, "peer", "peerpw", Duration.ofHours(1), encoding)),
                    Clock.systemUTC());
            Message posted = message(a, encoding == Encoding.WBXML ? "0000000a" : "0000000b", "hello over " + encoding);
            PeerLinksTest.await("the post on node B", () -> b.store.read(tx -> tx.message(posted.id())).isPresent());
            assertEquals(posted, b.store.read(tx -> tx.message(posted.id())).orElseThrow(), "every field travels");

            Message back = message(b.store, encoding == Encoding.WBXML ? "0000000c" : "0000000d", "reply over " + encoding);
            PeerStatus s = links.syncNow(url);
            assertNull(s.lastError());
            assertEquals(1, s.itemsReceived());
            assertTrue(s.bytesSent() > 0 && s.bytesReceived() > 0);
            assertEquals(back, a.read(tx -> tx.message(back.id())).orElseThrow());

            PeerStatus idle = links.syncNow(url); // nothing new either way
            assertNull(idle.lastError());
            assertEquals(List.of(0, 0), List.of(idle.itemsSent(), idle.itemsReceived()));
            System.out.printf("idle poll over %s: %d bytes sent, %d received, %d in all (HTTP heads included)%n",
                    encoding, idle.bytesSent(), idle.bytesReceived(), idle.bytesSent() + idle.bytesReceived());
        }
    }
}
