package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.Encoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server role encodes its replies for MaxMsgSize only after the message's transaction
 * committed, never while it holds the store's write lock (which every other writer waits for):
 * each measurement probes the lock by taking it, which {@code Store.write} refuses to a thread
 * already holding it.
 */
class ReplyOutsideLockTest {
    private static final String PASSWORD = "a-to-b";

    @TempDir
    Path dir;
    PeerNode a;
    PeerNode b;

    @BeforeEach
    void nodes() {
        a = PeerNode.of(dir, "node-a");
        // a small MaxMsgSize, so package 4 spans several messages and every one is fitted
        b = new PeerNode(dir, "node-b", PeerNode.config("node-b", 4_000), ClientSettings.defaults()).accepts(a, PASSWORD);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void repliesAreMeasuredForMaxMsgSizeOutsideTheStoresWriteLock() {
        for (int i = 0; i < 20; i++) {
            a.post("from a, number " + i);
            b.post("from b, number " + i);
        }
        List<Integer> measured = new ArrayList<>();
        List<String> underLock = new ArrayList<>();
        InMemoryExchange exchange = a.exchangeTo(b, Encoding.XML).measuring(m -> {
            measured.add(1);
            try {
                b.store.write(tx -> null); // refused inside a write: the probe
            } catch (IllegalStateException e) {
                underLock.add(e.getMessage());
            }
        });

        PeerSessionResult result = a.syncWith(b, PASSWORD, exchange);

        assertTrue(result.ok(), result.error());
        assertEquals(20, result.itemsReceived());
        assertEquals(20, result.itemsSent());
        assertTrue(exchange.requests > 2, "package 4 took several messages: " + exchange.requests);
        assertTrue(measured.size() > exchange.requests, "every reply was fitted: " + measured.size());
        assertEquals(List.of(), underLock);
    }
}
