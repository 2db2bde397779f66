package meshchat.syncml.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;

/**
 * Not a test: how long one client message of 10,000 Adds holds the store's write lock (the
 * ClientChanges.add loop and the application of its changes inside one transaction, as SyncServer runs it). Run with
 * {@code java -cp target/test-classes:target/classes:<deps> meshchat.syncml.engine.AddBenchmark};
 * prints and writes target/benchmarks/add-10000.txt. Five rounds on a store already holding the
 * earlier rounds' messages; the first rounds warm the JIT.
 */
public final class AddBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("add-bench");
        StringBuilder out = new StringBuilder();
        try (Store store = Store.open(dir)) {
            Account alice = new Account("alice", Account.md5Digest("alice", "secret"), false, "N0CALL");
            store.write(tx -> {
                tx.putAccount(alice);
                return null;
            });
            ServerConfig config = ServerConfig.defaults("bench");
            for (int round = 0; round < 5; round++) {
                Session s = new Session("t" + round, "bench-dev-" + round, "1", "127.0.0.1", SyncMLVersion.V1_2, alice, Encoding.XML, Instant.now());
                DatastoreSession ds = new DatastoreSession(new ClientKey("alice", s.device, "meshchat"), DatastoreSession.Format.MEMO, "./memo", "meshchat",
                        null, AlertCode.TWO_WAY, "n", "n");
                ClientChanges changes = new ClientChanges(config, new SecureRandom());
                List<Item> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(Item.text(null, Location.of("L" + i), null, "benchmark note " + round + "/" + i + " 73 de N0CALL"));
                }
                Instant now = Instant.now();
                long t0 = System.nanoTime();
                store.write(tx -> {
                    PendingChanges pending = new PendingChanges(new TxView(tx));
                    for (Item i : items) {
                        changes.add(s, ds, i, pending, now);
                    }
                    pending.applyTo(tx);
                    return null;
                });
                long ms = (System.nanoTime() - t0) / 1_000_000;
                String line = String.format("round %d: %d Adds in one transaction held the write lock %d ms (%.1f us/item)",
                        round, n, ms, ms * 1000.0 / n);
                System.out.println(line);
                out.append(line).append('\n');
            }
        }
        Path report = Path.of("target/benchmarks/add-" + n + ".txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, out.toString());
    }
}
