package meshchat.syncml.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import meshchat.syncml.chat.MessageId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: what reading a client message's LUIDs from luid_map costs per LUID, at N map rows of
 * one client: one statement per LUID ({@link Tx#guidForLuid}, as before), many per statement
 * ({@link Tx#guidsForLuids}: a VALUES join probing the primary key), and {@code luid IN (...)}
 * (raw JDBC, 50 per statement: Derby scans the client's rows for it, so its cost grows with N).
 * LUIDs are SyncEvolution's file names (m0, m1, ...); "mapped" asks 10,000 random stored ones,
 * "unmapped" 10,000 new ones (a slow sync's Adds). Best of 5 rounds, in microseconds per LUID.
 * Written to {@code target/benchmarks/luid-probe.txt}. Run:
 * {@code mvn -B test -Dfuzz.skip=true -Dtest=LuidProbeBenchmark -Dmeshchat.benchmark=true}
 * ({@code -Dmeshchat.benchmark.sizes=1000,10000,100000}).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "meshchat.benchmark", matches = "true")
class LuidProbeBenchmark {
    private static final ClientKey PHONE = new ClientKey("alice", "phone", "meshchat");
    private static final ClientKey OTHER = new ClientKey("alice", "laptop", "meshchat");
    private static final int ASK = 10_000;
    private static final int MESSAGE = 1_000;

    @Test
    void measure() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("# Reading a client message's LUIDs from luid_map: microseconds per LUID (best of 5)");
        out.add("");
        out.add("| map rows | mapped: one per statement | mapped: " + MapProbe.LUIDS_PER_PROBE + " per statement"
                + " | unmapped: one per statement | unmapped: " + MapProbe.LUIDS_PER_PROBE + " per statement"
                + " | mapped: luid IN (50) |");
        out.add("|---|---|---|---|---|---|");
        for (String size : System.getProperty("meshchat.benchmark.sizes", "1000,10000,100000").split(",")) {
            int n = Integer.parseInt(size.trim());
            Path dir = Files.createTempDirectory("luid-probe");
            try (Store store = Store.open(dir)) {
                load(store, PHONE, n);
                load(store, OTHER, n / 10);
                Random r = new Random(1);
                List<String> mapped = new ArrayList<>();
                List<String> unmapped = new ArrayList<>();
                for (int i = 0; i < ASK; i++) {
                    mapped.add("m" + r.nextInt(n));
                    unmapped.add("m" + (n + i));
                }
                double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE,
                    Double.MAX_VALUE};
                for (int round = 0; round < 5; round++) {
                    best[0] = Math.min(best[0], single(store, mapped));
                    best[1] = Math.min(best[1], batched(store, mapped));
                    best[2] = Math.min(best[2], single(store, unmapped));
                    best[3] = Math.min(best[3], batched(store, unmapped));
                    best[4] = Math.min(best[4], inList(dir, store, mapped.subList(0, n >= 100_000 ? 100 : 500)));
                }
                String row = String.format("| %,d | %.1f | %.1f | %.1f | %.1f | %.1f |", n, best[0], best[1], best[2],
                        best[3], best[4]);
                System.out.println(row);
                out.add(row);
            } finally {
                try (var files = Files.walk(dir)) { // the database closed above; ~100 MB at 100,000
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        Path file = Path.of("target", "benchmarks", "luid-probe.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
    }

    private static void load(Store store, ClientKey key, int n) {
        for (int from = 0; from < n; from += 10_000) {
            int start = from;
            store.write(tx -> {
                List<String> luids = new ArrayList<>();
                List<MessageId> guids = new ArrayList<>();
                for (int i = start; i < Math.min(n, start + 10_000); i++) {
                    luids.add("m" + i);
                    guids.add(new MessageId(String.format("%08x-%d-%08x", i, key.device().length(), i)));
                }
                tx.insertMaps(key, luids, guids);
                return null;
            });
        }
    }

    private static double single(Store store, List<String> luids) {
        return store.read(tx -> {
            long t0 = System.nanoTime();
            int found = 0;
            for (String l : luids) {
                found += tx.guidForLuid(PHONE, l).isPresent() ? 1 : 0;
            }
            return perLuid(t0, luids.size(), found);
        });
    }

    private static double batched(Store store, List<String> luids) {
        return store.read(tx -> {
            long t0 = System.nanoTime();
            int found = 0;
            for (int i = 0; i < luids.size(); i += MESSAGE) { // as a client message's Sync asks them
                found += (int) tx.guidsForLuids(PHONE, luids.subList(i, Math.min(luids.size(), i + MESSAGE))).values()
                        .stream().filter(o -> o.isPresent()).count();
            }
            return perLuid(t0, luids.size(), found);
        });
    }

    private static double inList(Path dir, Store store, List<String> luids) throws Exception {
        String sql = "SELECT luid, guid FROM luid_map WHERE client_id = ? AND luid IN ("
                + String.join(", ", Collections.nCopies(50, "?")) + ")";
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + dir.resolve("db"));
             PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            int id;
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM client_ids WHERE device = ?")) {
                q.setString(1, PHONE.device());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    id = rs.getInt(1);
                }
            }
            long t0 = System.nanoTime();
            int found = 0;
            for (int i = 0; i < luids.size(); i += 50) {
                ps.setInt(1, id);
                for (int j = 0; j < 50; j++) {
                    ps.setString(2 + j, luids.get(Math.min(i + j, luids.size() - 1)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found++;
                    }
                }
            }
            double us = perLuid(t0, luids.size(), found);
            c.rollback();
            return us;
        }
    }

    private static double perLuid(long t0, int luids, int found) {
        if (found < 0) {
            throw new AssertionError(); // keeps the reads from being optimised away
        }
        return (System.nanoTime() - t0) / 1000.0 / luids;
    }
}
