package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load: 50 SyncML clients (10 accounts with 5 devices each, half XML and half WBXML, MaxMsgSize
 * 8 KB) run whole sessions at once against the real server assembly (Jetty, Derby in a temp
 * folder) while 4 API posters post. Each client: a slow sync, then two-way syncs with two Adds
 * and (after the first) one Delete each; then, when everyone has stopped, one last two-way sync.
 * Checks behaviour only (no timing): every session ends with Final, the next session of every
 * client is not a slow sync (anchors were saved), every Add and every post is stored exactly
 * once, every Delete hides the message from its account, every device ends up holding exactly
 * its account's view, and no reply exceeded its MaxMsgSize. Session durations (p50, p99, max)
 * go to target/benchmarks/load-test.txt as a figure, not an assertion.
 */
class LoadTest {
    static final int ACCOUNTS = 10;
    static final int DEVICES_PER_ACCOUNT = 5;
    static final int ROUNDS = 3; // sessions per client under load: 1 slow + 2 two-way
    static final int POSTERS = 4;
    static final int POSTS_PER_POSTER = 15;
    static final long MAX_MSG_SIZE = 8_192;

    @TempDir
    Path data;

    @Test
    void fiftyClientsAndApiPostersLoseNothing() throws Exception {
        Store store = Store.open(data);
        store.write(tx -> {
            for (int a = 0; a < ACCOUNTS; a++) {
                tx.putAccount(Account.withPassword("u" + a, "pw" + a, false, "LD" + a));
            }
            for (int i = 0; i < 30; i++) { // something for the first slow syncs to fetch
                tx.addMessage(Message.create(String.format("%08x", 0xa000 + i), 1_790_000_000L + i, "before " + i, "K0",
                        "node-x", "pi", ""), "load-baseline");
            }
            return null;
        });
        SyncServer engine = new SyncServer(store, new ServerConfig("node-load", "meshchat", "", 1_000_000, 4_000_000,
                Duration.ofMinutes(5)), Clock.systemUTC());
        Server server = HttpServer.assemble("127.0.0.1", 0, "/sync", store, engine, "node-load", 2_000_000, Clock.systemUTC());
        server.start();
        ExecutorService pool = Executors.newFixedThreadPool(ACCOUNTS * DEVICES_PER_ACCOUNT + POSTERS);
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
            List<LoadClient> clients = new ArrayList<>();
            for (int a = 0; a < ACCOUNTS; a++) {
                for (int d = 0; d < DEVICES_PER_ACCOUNT; d++) {
                    clients.add(new LoadClient(http, base + "/sync", "load-" + a + "-" + d, "u" + a, "pw" + a,
                            (a + d) % 2 == 0 ? Encoding.XML : Encoding.WBXML, MAX_MSG_SIZE));
                }
            }
            Map<String, String> addedBy = new ConcurrentHashMap<>(); // text -> device or poster
            Map<String, String> deletedBy = new ConcurrentHashMap<>(); // text -> account
            List<LoadClient.SessionResult> results = Collections.synchronizedList(new ArrayList<>());
            CyclicBarrier start = new CyclicBarrier(clients.size() + POSTERS);
            List<Future<?>> running = new ArrayList<>();
            for (LoadClient c : clients) {
                running.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        List<String> adds = List.of(c.device + " r" + round + " a", c.device + " r" + round + " b");
                        adds.forEach(t -> addedBy.put(t, c.device));
                        List<String> deletes = new ArrayList<>();
                        if (round > 0 && !c.items.isEmpty()) {
                            String luid = c.items.keySet().stream().sorted().findFirst().orElseThrow();
                            deletes.add(luid);
                            deletedBy.put(c.items.get(luid), c.user);
                        }
                        results.add(c.session(round == 0 ? 201 : 200, adds, deletes));
                    }
                    return null;
                }));
            }
            for (int p = 0; p < POSTERS; p++) {
                int poster = p;
                running.add(pool.submit(() -> {
                    start.await();
                    String creds = "u" + poster + ":pw" + poster;
                    for (int i = 0; i < POSTS_PER_POSTER; i++) {
                        String text = "post " + poster + "-" + i;
                        addedBy.put(text, "api:u" + poster);
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/messages"))
                                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"" + text + "\"}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(201, r.statusCode(), r.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.MINUTES); // a hang guard, not a timing assertion
            }
            // everyone has stopped: one more two-way session each must fetch the rest, incrementally
            List<Future<LoadClient.SessionResult>> last = new ArrayList<>();
            for (LoadClient c : clients) {
                last.add(pool.submit(() -> c.session(200, List.of(), List.of())));
            }
            List<LoadClient.SessionResult> finals = new ArrayList<>();
            for (Future<LoadClient.SessionResult> f : last) {
                finals.add(f.get(10, TimeUnit.MINUTES));
            }

            List<String> problems = clients.stream().flatMap(c -> c.problems.stream()).toList();
            assertEquals(List.of(), problems, "oversized replies or refused commands");
            for (LoadClient.SessionResult r : results) {
                assertTrue(r.alertStatus() == 200, "every session's Alert was accepted: " + r);
            }
            for (LoadClient.SessionResult r : finals) {
                assertEquals(200, r.serverAlert(), "anchors were saved: the next session is two-way, not slow: " + r);
            }
            List<Message> all = store.read(tx -> tx.newest(100_000, null, null));
            Map<String, Long> stored = all.stream().collect(Collectors.groupingBy(Message::text, Collectors.counting()));
            for (String text : addedBy.keySet()) {
                assertEquals(1L, stored.getOrDefault(text, 0L), "stored exactly once: " + text);
            }
            for (int a = 0; a < ACCOUNTS; a++) {
                String account = "u" + a;
                List<String> view = store.read(tx -> tx.visible(account)).stream().map(Message::text).sorted().toList();
                for (Map.Entry<String, String> d : deletedBy.entrySet()) {
                    if (d.getValue().equals(account)) {
                        assertTrue(!view.contains(d.getKey()), account + " deleted it, yet still sees: " + d.getKey());
                    }
                }
                for (LoadClient c : clients) {
                    if (c.user.equals(account)) {
                        assertEquals(view, c.items.values().stream().sorted().toList(), c.device + " holds its account's view");
                    }
                }
            }
            writeFigures(results, finals);
        } finally {
            pool.shutdownNow();
            server.stop();
            store.close();
        }
    }

    private static void writeFigures(List<LoadClient.SessionResult> underLoad, List<LoadClient.SessionResult> finals)
            throws Exception {
        List<Long> ms = underLoad.stream().map(r -> r.nanos() / 1_000_000).sorted().toList();
        String text = String.format("load test: %d clients (%d accounts x %d devices, XML and WBXML, MaxMsgSize %d),"
                        + " %d API posters x %d posts, %d rounds%n"
                        + "sessions under load: %d; duration ms p50 %d, p99 %d, max %d%n"
                        + "final sessions (after load): %d; largest reply %d bytes%n",
                ACCOUNTS * DEVICES_PER_ACCOUNT, ACCOUNTS, DEVICES_PER_ACCOUNT, MAX_MSG_SIZE, POSTERS, POSTS_PER_POSTER,
                ROUNDS, ms.size(), pct(ms, 50), pct(ms, 99), ms.get(ms.size() - 1), finals.size(),
                underLoad.stream().mapToInt(LoadClient.SessionResult::largestReply).max().orElse(0));
        Path out = Path.of("target", "benchmarks", "load-test.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.print(text);
    }

    private static long pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
