package meshchat.syncml.peer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.engine.PeerClient;
import meshchat.syncml.engine.PeerLink;
import meshchat.syncml.engine.PeerSessionResult;
import meshchat.syncml.protocol.Encoding;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: what node-to-node sync costs on the wire, written to
 * {@code target/benchmarks/peer-poll.txt}. Bytes are HttpPeerExchange's counts (HTTP heads
 * included, both directions). Measured: an idle poll (a whole session with nothing new, and the
 * change check alone, which is what a PeerLinks job spends when nothing changed) and one new message, each way,
 * on top of 0, 10,000 and 100,000 stored messages (loaded straight into the serving node's store,
 * then one initial sync); and how long a post takes to reach a node three hops away along a chain
 * of four servers whose PeerLinks jobs (each node peers with its neighbours, interval 30 s) are
 * woken by the post. Run:
 * {@code mvn -B test -Dfuzz.skip=true -Dtest=PeerPollBenchmark -Dmeshchat.benchmark=true}
 * ({@code -Dmeshchat.benchmark.sizes=0,10000} for fewer sizes; encoding WBXML, or
 * {@code -Dmeshchat.benchmark.encoding=XML}).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "meshchat.benchmark", matches = "true")
class PeerPollBenchmark {
    static final int BATCH = 2_000;

    @Test
    void measure() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        Encoding encoding = Encoding.valueOf(System.getProperty("meshchat.benchmark.encoding", "WBXML"));
        List<Integer> sizes = new ArrayList<>();
        for (String s : System.getProperty("meshchat.benchmark.sizes", "0,10000,100000").split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        Path root = Files.createTempDirectory("peer-poll");
        Path template = ZoneNode.template(root.resolve("template"));
        List<String> out = new ArrayList<>();
        out.add("# Node-to-node sync on the wire (" + encoding + "), HTTP heads included, both directions");
        out.add("");
        out.add("| stored messages | what | requests | bytes up | bytes down | total | items sent/received | mode |");
        out.add("|---|---|---|---|---|---|---|---|");
        for (int size : sizes) {
            Path dir = root.resolve("size-" + size);
            try (ZoneNode client = new ZoneNode(0, dir.resolve("client"), template, 2);
                 ZoneNode server = new ZoneNode(1, dir.resolve("server"), template, 2)) {
                long t0 = System.nanoTime();
                load(server, size);
                long loaded = System.nanoTime();
                Cost initial = session(client, server, encoding);
                long synced = System.nanoTime();
                System.out.printf("%d messages: loaded in %d ms, initial sync in %d ms (%s)%n", size,
                        (loaded - t0) / 1_000_000, (synced - loaded) / 1_000_000, initial);
                if (client.store().read(tx -> tx.messageCount()) != size) {
                    throw new IllegalStateException("the initial sync did not bring all " + size + " messages: " + initial);
                }
                out.add(initial.row(size, "initial sync (" + (synced - loaded) / 1_000_000 + " ms)"));
                session(client, server, encoding); // settles anchors and maps after the initial one
                out.add(session(client, server, encoding).row(size, "idle poll"));
                out.add(session(client, server, encoding).row(size, "idle poll again"));
                server.post("one new message on the serving node", null, "");
                out.add(session(client, server, encoding).row(size, "one new message, peer to us"));
                client.post("one new message on the polling node", null, "");
                out.add(session(client, server, encoding).row(size, "one new message, us to peer"));
                out.add(session(client, server, encoding).row(size, "idle poll after"));
                // what a PeerLinks job spends when nothing changed: the change check alone (304)
                URI url = URI.create(server.syncUrl());
                ChangeCheck.Result first = ChangeCheck.run(client.http, url, null);
                ChangeCheck.Result idle = ChangeCheck.run(client.http, url, first.etag());
                out.add(String.format("| %,d | idle poll as the job does it: change check only (%s) | %d | %,d | %,d | %,d | 0/0 | - |",
                        size, idle.verdict(), idle.requests(), idle.bytesSent(), idle.bytesReceived(),
                        idle.bytesSent() + idle.bytesReceived()));
            }
        }
        out.add("");
        out.add("Target: an idle poll at most 1,200 bytes in total (a v2 node polling a v2 node: 4 requests, 26,219 bytes).");
        out.add("");
        out.addAll(threeHops(root.resolve("chain"), template, encoding));
        Path file = Path.of("target", "benchmarks", "peer-poll.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, out, StandardCharsets.UTF_8);
        out.forEach(System.out::println);
        System.out.println("written to " + file.toAbsolutePath());
    }

    record Cost(long requests, long up, long down, PeerSessionResult result) {
        String row(int size, String what) {
            return String.format("| %,d | %s | %d | %,d | %,d | %,d | %d/%d | %s |", size, what, requests, up, down, up + down,
                    result.itemsSent(), result.itemsReceived(), result.ok() ? result.mode() : "FAILED " + result.error());
        }
    }

    static Cost session(ZoneNode client, ZoneNode server, Encoding encoding) {
        PeerLink link = new PeerLink(server.syncUrl(), ZoneNode.peerUser(client.index), ZoneNode.peerPassword(client.index), encoding);
        HttpPeerExchange exchange = new HttpPeerExchange(client.http, encoding);
        PeerSessionResult r = new PeerClient(client.store(), client.name, Clock.systemUTC()).sync(link, exchange);
        return new Cost(exchange.requests(), exchange.bytesSent(), exchange.bytesReceived(), r);
    }

    /** Loads n short messages straight into the store, in batches of one transaction each. */
    static void load(ZoneNode node, int n) {
        for (int done = 0; done < n; done += BATCH) {
            int from = done;
            int to = Math.min(n, done + BATCH);
            node.store().write(tx -> {
                for (int i = from; i < to; i++) {
                    tx.addMessage(Message.create(String.format("%08x", i), 1_700_000_000L + i, "stored message #" + i,
                            "N0LOAD", node.name, "node", ""), "bench");
                }
                return null;
            });
        }
    }

    /** A chain 0-1-2-3, each node peering with its neighbours through PeerLinks: how long a post on 0 takes to reach 3. */
    static List<String> threeHops(Path root, Path template, Encoding encoding) throws Exception {
        List<String> out = new ArrayList<>();
        List<ZoneNode> chain = new ArrayList<>();
        List<PeerLinks> jobs = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                chain.add(new ZoneNode(i, root.resolve("node-" + i), template, 4));
            }
            for (int i = 0; i < 4; i++) {
                List<Peer> peers = new ArrayList<>();
                for (int j : new int[] {i - 1, i + 1}) {
                    if (j >= 0 && j < 4) {
                        peers.add(new Peer(URI.create(chain.get(j).syncUrl()), ZoneNode.peerUser(i), ZoneNode.peerPassword(i),
                                Duration.ofSeconds(30), encoding));
                    }
                }
                jobs.add(PeerLinks.start(chain.get(i).store(), chain.get(i).name, peers, Clock.systemUTC()));
            }
            // let the first sessions (slow syncs of empty stores) pass before measuring
            waitFor(() -> jobs.stream().allMatch(j -> j.statuses().stream().allMatch(s -> s.lastSuccess() != null)), 60_000);
            out.add("| post on node 0 reaches node 3 (three hops, PeerLinks woken by the change, interval 30 s) | ms |");
            out.add("|---|---|");
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                MessageId id = chain.get(0).post("three hops, round " + round, null, "");
                ZoneNode last = chain.get(3);
                boolean arrived = waitFor(() -> last.store().read(tx -> tx.message(id)).isPresent(), 120_000);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                out.add("| round " + round + " | " + (arrived ? Long.toString(ms) : "did not arrive in 120 s") + " |");
            }
        } finally {
            for (PeerLinks j : jobs) {
                j.close();
            }
            for (ZoneNode n : chain) {
                n.close();
            }
        }
        return out;
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }
}
