package meshchat.syncml.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.store.Store;

/** The bridge as ServeCommand starts it: its port, its rounds over configured and zone peers. */
class LegacyBridgeTest {

    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void zonePeersAndConfiguredPeersArePulledEveryInterval() throws Exception {
        try (FakeV2Peer zonePeer = new FakeV2Peer(); FakeV2Peer configured = new FakeV2Peer()) {
            zonePeer.lines = List.of("0000000a\t" + (System.currentTimeMillis() / 1000) + "\tfrom the zone\tK\tb\tnode\t");
            configured.lines = List.of("0000000b\t" + (System.currentTimeMillis() / 1000) + "\tconfigured\tK\tc\tnode\t");
            Path olsr = dir.resolve("services_olsr");
            Files.writeString(olsr, "http://127.0.0.1:" + zonePeer.uri().getPort() + "/meshchat|tcp|MeshChat\t#127.0.0.1\n");
            LegacyConfig config = new LegacyConfig("127.0.0.1", -1, List.of(configured.uri()), Duration.ofMillis(100),
                    "MeshChat", "node-a");
            try (LegacyBridge bridge = LegacyBridge.start(store, config, Clock.systemUTC(),
                    new V2Discovery(olsr, dir.resolve("none"), "MeshChat", "node-a"))) {
                assertEquals(-1, bridge.port(), "pull only");
                await("both peers' messages", () -> store.read(tx -> tx.messageCount()) == 2);
                await("a few more rounds", () -> zonePeer.hits("messages_version") >= 3);
            }
            assertEquals(1, zonePeer.hits("messages_raw"), "versions unchanged after the first download");
        }
    }

    @Test
    void aBusyPortIsReportedInOneLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            LegacyConfig config = new LegacyConfig("127.0.0.1", busy.getLocalPort(), List.of(), Duration.ofSeconds(10),
                    null, "node-a");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LegacyBridge.start(store, config, Clock.systemUTC()));
            assertTrue(e.getMessage().startsWith("cannot serve the v2 API on 127.0.0.1:" + busy.getLocalPort() + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; choose another --v2-port"), e.getMessage());
        }
    }

    @Test
    void configRefusesWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new LegacyConfig(null, 70000, List.of(),
                Duration.ofSeconds(10), null, "n"));
        assertThrows(IllegalArgumentException.class, () -> new LegacyConfig(null, 0,
                List.of(URI.create("https://node-b:8080")), Duration.ofSeconds(10), null, "n"));
        assertThrows(IllegalArgumentException.class, () -> new LegacyConfig(null, 0, List.of(), Duration.ZERO, null, "n"));
    }
}
