package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client and server roles of several nodes in memory: loops stop, old purges still reach a node that missed them. */
class PeerZoneTest {
    @TempDir
    Path dir;

    @Test
    void aRingOfThreeNodesConvergesAndThenSendsNothing() {
        try (PeerNode a = PeerNode.of(dir, "node-a"); PeerNode b = PeerNode.of(dir, "node-b");
             PeerNode c = PeerNode.of(dir, "node-c")) {
            b.accepts(a, "pa");
            c.accepts(b, "pb");
            a.accepts(c, "pc");
            a.post("posted on a");
            b.post("posted on b");
            c.post("posted on c");
            // two rounds of the ring A->B->C->A: every message reaches every node
            for (int round = 0; round < 2; round++) {
                assertTrue(a.syncWith(b, "pa", a.exchangeTo(b, Encoding.WBXML)).ok());
                assertTrue(b.syncWith(c, "pb", b.exchangeTo(c, Encoding.WBXML)).ok());
                assertTrue(c.syncWith(a, "pc", c.exchangeTo(a, Encoding.WBXML)).ok());
            }
            assertEquals(3, a.messages().size());
            assertEquals(a.messages(), b.messages());
            assertEquals(b.messages(), c.messages());
            long[] seqs = {a.lastSeq(), b.lastSeq(), c.lastSeq()};

            PeerSessionResult ab = a.syncWith(b, "pa", a.exchangeTo(b, Encoding.WBXML));
            PeerSessionResult bc = b.syncWith(c, "pb", b.exchangeTo(c, Encoding.WBXML));
            PeerSessionResult ca = c.syncWith(a, "pc", c.exchangeTo(a, Encoding.WBXML));

            for (PeerSessionResult r : new PeerSessionResult[] {ab, bc, ca}) {
                assertTrue(r.ok(), r.toString());
                assertEquals(0, r.itemsSent(), "nothing goes round again: " + r);
                assertEquals(0, r.itemsReceived(), "nothing comes round again: " + r);
            }
            assertEquals(seqs[0], a.lastSeq());
            assertEquals(seqs[1], b.lastSeq());
            assertEquals(seqs[2], c.lastSeq());
        }
    }

    @Test
    void aPurgeOlderThanTheRetentionStillReachesAPeerThatSendsTheMessage() {
        // A keeps its tombstones but a slow sync sends none of them (retention zero)
        try (PeerNode a = new PeerNode(dir, "node-a", PeerNode.config("node-a", 1_000_000),
                ClientSettings.defaults().withRetention(Duration.ZERO));
             PeerNode b = PeerNode.of(dir, "node-b")) {
            b.accepts(a, "pa");
            Message m = a.post("purged long ago");
            a.purge(m.id());
            b.store.write(tx -> tx.addMessage(m, "v2:old-backup")); // B still holds it (it was away)
            b.post("kept");

            PeerSessionResult r = a.syncWith(b, "pa", a.exchangeTo(b, Encoding.WBXML));

            assertTrue(r.ok(), r.toString());
            assertFalse(a.messages().containsKey(m.id().value()), "never resurrected on A");
            assertFalse(b.messages().containsKey(m.id().value()), "A's Delete followed at once");
            assertTrue(b.tombstoned(m.id()));
            assertEquals(a.messages(), b.messages());
            assertEquals(1, a.messages().size());
        }
    }
}
