package meshchat.syncml.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.Encoding;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the live heap of a two-way sync whose package 4 is large. Node A syncs with node B
 * while both are empty (anchors saved), then B gets N messages of 100 characters, then A syncs
 * again: a two-way sync in which B sends all N ({@link ChangedFeed}: ids kept, Adds made a few
 * replies ahead). Before each message A sends, a full GC runs and the used heap is read (as in
 * {@link PeerSlowSyncHeapBenchmark}); both nodes share the JVM, so the figures include A's client
 * role and both Derby page caches. Written to {@code target/benchmarks/two-way-backlog-heap.txt}. Run:
 * {@code mvn -B test -Dfuzz.skip=true -Dtest=TwoWayBacklogHeapBenchmark -Dmeshchat.benchmark=true}
 * ({@code -Dmeshchat.benchmark.sizes=20000,50000}; {@code -DargLine=-Dderby.storage.pageCacheSize=100}
 * keeps the page caches small).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "meshchat.benchmark", matches = "true")
class TwoWayBacklogHeapBenchmark {

    @Test
    void measure() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("# Two-way sync with a package 4 of N messages (node to node, in memory, WBXML): live heap after full GC");
        out.add("");
        out.add("| messages | live heap before | peak during (above before) | messages sent | items received | ok |"
                + " above before, per request |");
        out.add("|---|---|---|---|---|---|---|");
        for (String s : System.getProperty("meshchat.benchmark.sizes", "20000").split(",")) {
            int n = Integer.parseInt(s.trim());
            Path dir = Files.createTempDirectory("two-way-backlog-heap");
            try (PeerNode a = PeerNode.of(dir, "node-a"); PeerNode b = PeerNode.of(dir, "node-b").accepts(a, "pw")) {
                PeerSessionResult first = a.client.sync(new PeerLink(b.url(), a.name, "pw", Encoding.WBXML),
                        a.exchangeTo(b, Encoding.WBXML));
                if (!first.ok()) {
                    throw new AssertionError("the first (empty) sync failed: " + first);
                }
                PeerSlowSyncHeapBenchmark.load(b, n);
                long before = PeerSlowSyncHeapBenchmark.liveHeap();
                PeerSlowSyncHeapBenchmark.Probe probe = new PeerSlowSyncHeapBenchmark.Probe(a.exchangeTo(b, Encoding.WBXML));
                PeerSessionResult r = a.client.sync(new PeerLink(b.url(), a.name, "pw", Encoding.WBXML), probe);
                StringBuilder series = new StringBuilder();
                for (long used : probe.used) {
                    series.append(series.length() == 0 ? "" : ", ").append((used - before) / 1024);
                }
                long peak = probe.used.stream().mapToLong(Long::longValue).max().orElse(before);
                String row = String.format("| %,d | %,d KB | %,d KB | %d | %d | %s | %s KB |", n, before / 1024,
                        (peak - before) / 1024, r.messages(), r.itemsReceived(), r.ok() ? "yes" : r.error(), series);
                System.out.println(row);
                out.add(row);
            }
        }
        Path file = Path.of("target", "benchmarks", "two-way-backlog-heap.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
    }
}
