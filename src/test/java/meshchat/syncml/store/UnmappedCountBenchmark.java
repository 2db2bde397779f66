package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * Not a test: the count of package 4 at the end of a slow sync (N messages, all mapped by the one
 * client, a few hidden), by the probe query (one luid_map_guid lookup per message, as before) and
 * by the merge of the two GUID-ordered index scans, interleaved, each run several times on one
 * connection (the thread's CPU time: embedded Derby runs in the caller's thread). Written to
 * {@code target/benchmarks/unmapped-count.txt}. Run:
 * {@code mvn -B test -Dfuzz.skip=true -Dtest=UnmappedCountBenchmark -Dmeshchat.benchmark=true}
 * ({@code -Dmeshchat.benchmark.sizes=100000}).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "meshchat.benchmark", matches = "true")
class UnmappedCountBenchmark {
    static final ClientKey PHONE = new ClientKey("alice", "IMEI:1", "meshchat");
    static final int RUNS = 7;

    @Test
    void measure() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("# Count of package 4, all N mapped by the client: probe query vs merge (median of " + RUNS
                + " runs, thread CPU ms / wall ms)");
        out.add("");
        out.add("| messages | probe query CPU | probe wall | merge CPU | merge wall | Tx.unmappedCount wall | count |");
        out.add("|---|---|---|---|---|---|---|");
        for (String s : System.getProperty("meshchat.benchmark.sizes", "100000").split(",")) {
            int n = Integer.parseInt(s.trim());
            Path dir = Files.createTempDirectory("unmapped-count");
            Store store = Store.open(dir);
            try {
                fill(store, n);
                try (Connection raw = DriverManager.getConnection("jdbc:derby:" + dir.toAbsolutePath().resolve("db"))) {
                    Sql sql = new Sql(raw);
                    int id = (int) sql.number("client_ids.id", "SELECT id FROM client_ids WHERE account = ? AND device = ?"
                            + " AND datastore = ?", PHONE.account(), PHONE.device(), PHONE.datastore());
                    Set<String> hidden = Tx.hiddenGuids(sql, "alice");
                    long want = UnmappedCount.byProbe(sql, id, "alice", null);
                    assertEquals(want, UnmappedCount.byMerge(sql, id, hidden));
                    List<long[]> probe = new ArrayList<>();
                    List<long[]> merge = new ArrayList<>();
                    List<long[]> full = new ArrayList<>();
                    for (int r = 0; r < RUNS; r++) {
                        probe.add(time(() -> UnmappedCount.byProbe(sql, id, "alice", null)));
                        merge.add(time(() -> UnmappedCount.byMerge(sql, id, hidden)));
                        full.add(time(() -> store.read(tx -> tx.unmappedCount(PHONE, null))));
                    }
                    String row = String.format("| %,d | %d | %d | %d | %d | %d | %d |", n, median(probe, 0), median(probe, 1),
                            median(merge, 0), median(merge, 1), median(full, 1), want);
                    System.out.println(row);
                    out.add(row);
                }
            } finally {
                store.close();
                try (var files = Files.walk(dir)) { // 70 MB at 100,000
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        Path file = Path.of("target", "benchmarks", "unmapped-count.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
    }

    /** N messages of 100 characters in 10,000-message transactions, each mapped by PHONE; 20 hidden. */
    static void fill(Store store, int n) {
        for (int from = 0; from < n; from += 10_000) {
            int start = from;
            int end = Math.min(n, from + 10_000);
            store.write(tx -> {
                List<Message> ms = new ArrayList<>();
                List<String> luids = new ArrayList<>();
                List<MessageId> guids = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    // v2 ids scattered over the key space, as random ones are
                    Message m = Message.create(String.format("%08x", (int) (i * 2654435761L)), 1_700_000_000L + i / 100,
                            ("memo " + i + " ").repeat(20).substring(0, 100), "K1ABC", "node", "pi", "");
                    ms.add(m);
                    luids.add("L" + i);
                    guids.add(m.id());
                }
                tx.addNewMessages(ms, Collections.nCopies(ms.size(), "bench"));
                tx.insertMaps(PHONE, luids, guids);
                if (start == 0) {
                    for (int i = 0; i < 20; i++) {
                        tx.hide("alice", guids.get(i * 97));
                    }
                }
                return null;
            });
        }
    }

    static long[] time(LongSupplier count) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        count.getAsLong();
        return new long[] {(threads.getCurrentThreadCpuTime() - cpu) / 1_000_000, (System.nanoTime() - wall) / 1_000_000};
    }

    static long median(List<long[]> runs, int column) {
        return runs.stream().mapToLong(r -> r[column]).sorted().skip(runs.size() / 2).findFirst().orElse(-1);
    }
}
