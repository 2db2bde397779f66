package meshchat.syncml.interop.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.MessageId;
import meshchat.syncml.legacy.LegacyBridge;
import meshchat.syncml.legacy.LegacyConfig;
import meshchat.syncml.store.Store;

/**
 * What one poll costs when nothing changed, on the wire (request heads, response heads and
 * bodies), with 500 short messages: a v2 node polling our bridge, a v2 node polling another v2
 * node, and our bridge polling a v2 node. Not a timed test: it counts requests and bytes and
 * writes them to {@code target/benchmarks/v2-poll.txt}. Run it with
 * {@code mvn -B test -Dtest=V2PollBenchmark -Dmeshchat.benchmark=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "meshchat.benchmark", matches = "true")
class V2PollBenchmark {

    static final int MESSAGES = 500;
    static final int ROUNDS = 10;
    static final int POLLS_PER_DAY = 24 * 60 * 60 / 10; // v2's poll_interval

    @TempDir
    Path dir;

    record Cost(String what, double requests, double requestBytes, double headBytes, double bodyBytes) {
        double total() {
            return requestBytes + headBytes + bodyBytes;
        }

        String row() {
            return String.format("| %s | %.1f | %.0f | %.0f | %.0f | %.0f | %.1f MB |", what, requests, requestBytes,
                    headBytes, bodyBytes, total(), total() * POLLS_PER_DAY / 1e6);
        }
    }

    @Test
    void measurePollCostsWhenNothingChanged() throws Exception {
        long now = V2Node.now();
        try (Store store = Store.open(dir); V2Node a = V2Node.start("node-a"); V2Node b = V2Node.start("node-b")) {
            for (int i = 0; i < MESSAGES; i++) { // 49-byte lines: "short lines", as in the reference's 25 KB
                a.db().append(String.format("%08x", 0x10000000 + i * 7919), now - 1000 + i, String.format("test #%03d", i),
                        "N0CALL", "node-a", "node", "", now);
            }
            b.db().merge(a.db().lines(), now);
            List<Cost> costs = new ArrayList<>();
            try (LegacyBridge bridge = LegacyBridge.start(store, new LegacyConfig("127.0.0.1", 0, List.of(a.uri()),
                    Duration.ofMillis(300), null, "bridge"), Clock.systemUTC())) {
                V2PeerInteropTest.await("the bridge holds A's 500 messages",
                        () -> store.read(tx -> tx.messageCount()) == MESSAGES);
                String us = "127.0.0.1:" + bridge.port();
                V2SyncDaemon daemonA = new V2SyncDaemon(a);
                assertEquals(a.db().file(), Curl.get(us, V2PeerInteropTest.RAW).text());

                costs.add(daemonRounds("v2 node polls our bridge", daemonA, us));
                costs.add(daemonRounds("v2 node polls a v2 node", daemonA, b.hostPort()));
                costs.add(bridgeRounds("our bridge polls a v2 node", a));

                // a message purged here that the v2 node still holds: versions differ, so it downloads
                String purged = a.db().lines().get(MESSAGES - 1).substring(0, 8);
                MessageId id = store.read(tx -> tx.messagesByV2Id(purged)).get(0).id();
                store.write(tx -> tx.purge(id, "root", Instant.now()));
                costs.add(daemonRounds("v2 node polls our bridge, 1 purged message still on the node", daemonA, us));
            }
            write(costs, a.db().file().length());
        }
    }

    private static Cost daemonRounds(String what, V2SyncDaemon daemon, String peer) throws Exception {
        daemon.poll(peer); // settle
        double requests = 0;
        double sent = 0;
        double heads = 0;
        double bodies = 0;
        for (int i = 0; i < ROUNDS; i++) {
            V2SyncDaemon.Round r = daemon.poll(peer);
            requests += r.requests();
            sent += r.sent();
            heads += r.received() - r.bodies();
            bodies += r.bodies();
        }
        return new Cost(what, requests / ROUNDS, sent / ROUNDS, heads / ROUNDS, bodies / ROUNDS);
    }

    /** Counted on the v2 node's socket: the bridge's Java HTTP client keeps its connection. */
    private static Cost bridgeRounds(String what, V2Node node) throws Exception {
        V2NodeServer s = node.server();
        V2PeerInteropTest.await("the bridge's first round", () -> s.actions.containsKey("messages_version"));
        s.resetCounters();
        V2PeerInteropTest.await(ROUNDS + " bridge rounds", () -> s.actions.containsKey("messages_version")
                && s.actions.get("messages_version").get() >= ROUNDS);
        double rounds = s.actions.get("messages_version").get();
        assertEquals(false, s.actions.containsKey("messages_raw"), "nothing changed: no download");
        // the head/body split of the answers: bodies are the version sums and the (empty) users list
        double bodies = node.db().version().length() + 1;
        double out = s.bytesOut.get() / rounds;
        return new Cost(what, s.requests.get() / rounds, s.bytesIn.get() / rounds, out - bodies, bodies);
    }

    private static void write(List<Cost> costs, int fileBytes) throws Exception {
        StringBuilder b = new StringBuilder();
        b.append("# v2 poll cost when nothing changed (").append(MESSAGES).append(" messages, ").append(fileBytes)
                .append("-byte file)\n\n")
                .append("Measured by interop-tests/.../v2/V2PollBenchmark on 127.0.0.1, averaged over ").append(ROUNDS)
                .append(" rounds. Bytes are on the wire: request heads, response heads, response bodies.\n")
                .append("v2 side: curl-like requests (a new connection each, curl 7.88.1's head) and lighttpd-like\n")
                .append("answers (Content-Length, Date, Server), as in the v2.12.1 wire capture. Per day: one poll\n")
                .append("every 10 s (v2's poll_interval), per pair of nodes and direction.\n\n")
                .append("| poll | requests | request bytes | response head bytes | response body bytes | total bytes | per day |\n")
                .append("|---|---|---|---|---|---|---|\n");
        costs.forEach(c -> b.append(c.row()).append('\n'));
        Path out = Path.of("target", "benchmarks", "v2-poll.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
        System.out.println(b);
    }
}
