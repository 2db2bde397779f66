package meshchat.syncml.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the live heap of a node-to-node slow sync in the client role. Node A holds N
 * messages of 100 characters and slow-syncs them to node B (in memory, WBXML); before each
 * message A sends, a full GC runs and the used heap is read, so the figure is what is live while
 * the session runs (A's session, B's server state, the message in flight), minus the heap before
 * the session; the figure at our first package-3 message (request 3: requests 1 and 2 are package
 * 1, before and after the peer's challenge) is mostly the client role's own state, as the peer has
 * only seen package 1 by then; later figures grow with what the peer stores (its Derby page cache). Written to {@code target/benchmarks/peer-slow-heap.txt}. Run:
 * {@code mvn -B test -Dfuzz.skip=true -Dtest=PeerSlowSyncHeapBenchmark -Dmeshchat.benchmark=true}
 * ({@code -Dmeshchat.benchmark.sizes=20000}; add {@code -DargLine=-Xmx64m} to try a small heap).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "meshchat.benchmark", matches = "true")
class PeerSlowSyncHeapBenchmark {

    @Test
    void measure() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("# Node-to-node slow sync, client role: live heap (after full GC) while the session runs");
        out.add("");
        out.add("| messages | live heap before | at our first package-3 message (above before) | peak during (above before)"
                + " | messages sent | items sent | ok | above before, per request |");
        out.add("|---|---|---|---|---|---|---|---|");
        for (String s : System.getProperty("meshchat.benchmark.sizes", "20000").split(",")) {
            int n = Integer.parseInt(s.trim());
            Path dir = Files.createTempDirectory("peer-slow-heap");
            try (PeerNode a = PeerNode.of(dir, "node-a"); PeerNode b = PeerNode.of(dir, "node-b").accepts(a, "pw")) {
                load(a, n);
                long before = liveHeap();
                Probe probe = new Probe(a.exchangeTo(b, Encoding.WBXML));
                PeerSessionResult r = a.client.sync(new PeerLink(b.url(), a.name, "pw", Encoding.WBXML), probe);
                StringBuilder series = new StringBuilder();
                for (long used : probe.used) {
                    series.append(series.length() == 0 ? "" : ", ").append((used - before) / 1024);
                }
                long peak = probe.used.stream().mapToLong(Long::longValue).max().orElse(before);
                String row = String.format("| %,d | %,d KB | %,d KB | %,d KB | %d | %d | %s | %s KB |", n, before / 1024,
                        (probe.used.size() > 2 ? probe.used.get(2) - before : 0) / 1024, (peak - before) / 1024,
                        r.messages(), r.itemsSent(), r.ok() ? "yes" : r.error(), series);
                System.out.println(row);
                out.add(row);
            }
        }
        Path file = Path.of("target", "benchmarks", "peer-slow-heap.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
    }

    static void load(PeerNode node, int n) {
        for (int done = 0; done < n; ) {
            int batch = Math.min(2_000, n - done);
            int from = done;
            node.store.write(tx -> {
                for (int i = from; i < from + batch; i++) {
                    String text = String.format("message %08d ", i) + "x".repeat(83);
                    tx.addMessage(Message.create(String.format("%08x", i), 1_764_000_000L + i, text, "K1A", "node-a",
                            "pi", ""), "api:test");
                }
                return null;
            });
            done += batch;
        }
    }

    static long liveHeap() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return mx.getHeapMemoryUsage().getUsed();
    }

    /** Reads the live heap before each request goes out. */
    static final class Probe implements PeerExchange {
        private final InMemoryExchange inner;
        final List<Long> used = new ArrayList<>();

        Probe(InMemoryExchange inner) {
            this.inner = inner;
        }

        @Override
        public SyncMessage send(SyncMessage request, String url) throws IOException {
            used.add(liveHeap());
            try {
                return inner.send(request, url);
            } finally {
                inner.sent.clear(); // the exchange keeps every decoded request for tests: not what is measured
            }
        }

        @Override
        public int encodedSize(SyncMessage message) {
            return inner.encodedSize(message);
        }
    }
}
