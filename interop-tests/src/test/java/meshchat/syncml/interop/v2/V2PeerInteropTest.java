package meshchat.syncml.interop.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.legacy.LegacyBridge;
import meshchat.syncml.legacy.LegacyConfig;
import meshchat.syncml.store.Store;

/**
 * A v2 node written from the reference ({@link V2Node}: its file, CGI and sync daemon) and our
 * bridge, in-process over 127.0.0.1, syncing both ways. The bridge pulls the node every 200 ms;
 * the node's daemon rounds against the bridge are run by the test, one {@code poll} each.
 */
class V2PeerInteropTest {

    static final String RAW = "/cgi-bin/meshchat?action=messages_raw";

    @TempDir
    Path dir;
    Store store;
    V2Node nodeA;
    V2SyncDaemon daemonA;
    LegacyBridge bridge;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        nodeA = V2Node.start("node-a");
        daemonA = new V2SyncDaemon(nodeA);
        bridge = startBridge();
    }

    @AfterEach
    void stop() throws Exception {
        bridge.close();
        nodeA.close();
        store.close();
    }

    LegacyBridge startBridge() {
        return LegacyBridge.start(store, new LegacyConfig("127.0.0.1", 0, List.of(nodeA.uri()), Duration.ofMillis(200),
                null, "bridge"), Clock.systemUTC());
    }

    String bridgeHost() {
        return "127.0.0.1:" + bridge.port();
    }

    boolean weHold(String v2Id) {
        return !store.read(tx -> tx.messagesByV2Id(v2Id)).isEmpty();
    }

    Message bornHere(long epoch, String text) {
        return store.write(tx -> {
            Message m = Message.create(tx.freshV2Id(new Random()), epoch, text, "K1BRG", "bridge", "pi", "");
            tx.addMessage(m, "test");
            return m;
        });
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aV2PostReachesUsWithItsIdAndOursReachesTheV2NodeByteForByte() throws Exception {
        String id = nodeA.post("Hello from A\nline2 \"quoted\"\ttab", "N0CALL", "");
        await("the bridge pulled " + id, () -> weHold(id));
        Message got = store.read(tx -> tx.messagesByV2Id(id)).get(0);
        assertEquals("Hello from A\nline2 \"quoted\" tab", got.text());
        assertEquals(List.of("N0CALL", "node-a", "node", ""), List.of(got.callSign(), got.node(), got.platform(),
                got.channel()));

        Message ours = bornHere(V2Node.now(), "from the bridge \"hi\"\nsecond line");
        V2SyncDaemon.Round round = daemonA.poll(bridgeHost());
        assertTrue(round.merged(), round.actions().toString());
        assertTrue(nodeA.db().lines().contains(ours.v2Id() + "\t" + ours.epoch()
                + "\tfrom the bridge \\\"hi\\\"\\nsecond line\tK1BRG\tbridge\tpi\t"), nodeA.db().file());
        assertEquals(nodeA.db().file(), Curl.get(bridgeHost(), RAW).text(), "both files are the same bytes");
    }

    @Test
    void aV2NodePollingAnUnchangedBridgeSkipsTheDownload() throws Exception {
        nodeA.post("one", "N0CALL", "");
        bornHere(V2Node.now(), "two");
        await("the bridge holds both", () -> store.read(tx -> tx.messageCount()) == 2);
        assertTrue(daemonA.poll(bridgeHost()).merged());
        for (int i = 0; i < 3; i++) {
            V2SyncDaemon.Round round = daemonA.poll(bridgeHost());
            assertEquals(List.of("users_raw", "local_files_raw", "messages_version"), round.actions());
        }
        // and the bridge, pulling node A meanwhile, stopped downloading A's file once in sync
        long downloads = nodeA.server().actions.get("messages_raw").get();
        await("a few more bridge rounds", () -> nodeA.server().actions.get("messages_version").get() > 10);
        assertEquals(downloads, nodeA.server().actions.get("messages_raw").get());
    }

    @Test
    void aMessagePurgedHereIsNeverImportedAgainThoughTheV2NodeKeepsOfferingIt() throws Exception {
        String purged = nodeA.post("regrettable", "N0CALL", "");
        await("the bridge pulled " + purged, () -> weHold(purged));
        Message m = store.read(tx -> tx.messagesByV2Id(purged)).get(0);
        store.write(tx -> tx.purge(m.id(), "root", Instant.now()));
        assertFalse(Curl.get(bridgeHost(), RAW).text().contains(purged), "hidden from v2 answers");

        String later = nodeA.post("after the purge", "N0CALL", ""); // A's file changes: the bridge downloads it
        await("the bridge pulled " + later, () -> weHold(later));
        bridge.close();
        // posted while the bridge is down, after the purged one: the restarted bridge's first download
        // of A's file carries both, and imports a file in one transaction, so once the marker is here
        // that download has been fully imported
        String marker = nodeA.post("marker after the restart", "N0CALL", "");
        long downloads = nodeA.server().actions.get("messages_raw").get();
        bridge = startBridge(); // no memory of A's version: it downloads A's file again
        await("the restarted bridge imported A's file (marker " + marker + ")", () -> weHold(marker));
        assertTrue(nodeA.server().actions.get("messages_raw").get() > downloads, "A's file was downloaded again");
        assertTrue(nodeA.db().hasId(purged), "the file the bridge imported still offered the purged message");
        assertFalse(weHold(purged), "a purge does not come back");

        // v2 nodes cannot delete: A keeps it, so A's version never equals ours and A downloads every round
        assertTrue(daemonA.poll(bridgeHost()).downloaded());
        assertTrue(daemonA.poll(bridgeHost()).downloaded());
        assertTrue(nodeA.db().hasId(purged));

        // until 500 newer messages push it out of A's window; then both files match again
        long now = V2Node.now();
        store.write(tx -> {
            Random r = new Random(7);
            for (int i = 1; i <= 600; i++) {
                tx.addMessage(Message.create(tx.freshV2Id(r), now + i, "newer " + i, "K1BRG", "bridge", "pi", ""), "t");
            }
            return null;
        });
        assertTrue(daemonA.poll(bridgeHost()).merged());
        assertEquals(500, nodeA.db().lines().size());
        assertFalse(nodeA.db().hasId(purged));
        assertEquals(nodeA.db().file(), Curl.get(bridgeHost(), RAW).text());
        assertFalse(daemonA.poll(bridgeHost()).downloaded());
        assertFalse(weHold(purged));
    }
}
