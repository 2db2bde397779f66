package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;
import static meshchat.syncml.interop.SyncEvolutionClient.TWO_WAY;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * SyncML performance against the real jar and the real SyncEvolution client, in the shape of the
 * reference's "Baseline timings against syncevo-http-server": 100-byte memos, fresh client, empty
 * server, client at loglevel 1 (with dumpData=0, so no before/after copies of the memo folder in its
 * session dirs), every byte on the wire counted by a {@link CountingProxy} on 127.0.0.1. For each N
 * and encoding: slow sync of N memos up, (WBXML, N >= 1,000: the N coming down to a fresh client),
 * +10 new memos two-way, two-way with no changes; plus the server's cold start, idle and peak RSS
 * and heap. Writes {@code target/benchmarks/syncml.txt}. Not part of {@code mvn verify}; run:
 * {@code mvn -B -q package -DskipTests && mvn -B test -Dtest=SyncMlBenchmark -Dmeshchat.benchmark=true}
 * (options: {@code -Dmeshchat.benchmark.sizes=100,1000}, {@code -Dmeshchat.benchmark.serveArgs="--max-msg-size 150000"},
 * {@code -Dmeshchat.benchmark.jvmArgs=-Xmx384m}).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "meshchat.benchmark", matches = "true")
class SyncMlBenchmark {

    static final String COMMAND = "mvn -B -q package -DskipTests && mvn -B test -Dtest=SyncMlBenchmark -Dmeshchat.benchmark=true";
    static final String USER = "bench";
    static final String PASSWORD = "bench secret";
    static final int MEMO_BYTES = 100;
    static final int NEW_MEMOS = 10;
    static final Duration SYNC_TIMEOUT = Duration.ofMinutes(10);

    record Row(int n, String enc, String step, double secs, CountingProxy.Counts c, String items, boolean ok, boolean busy) {
        String line() {
            double server = c.exchanges().stream().mapToDouble(CountingProxy.Exchange::serverMillis).sum() / 1000;
            double slowest = c.exchanges().stream().mapToDouble(CountingProxy.Exchange::serverMillis).max().orElse(0) / 1000;
            return String.format("| %,d | %s | %s%s | %s%.2f | %d | %,.1f KB | %,.1f KB | %s | %.2f | %.2f |", n, enc,
                    step, busy ? " (b)" : "", ok ? "" : "FAILED ", secs, c.posts(), c.up() / 1000.0, c.down() / 1000.0, items, server,
                    slowest);
        }
    }

    @TempDir
    Path tmp;
    final List<Row> rows = new ArrayList<>();
    final List<String> servers = new ArrayList<>();
    final List<String> perMessage = new ArrayList<>();
    final List<String> checks = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> serveArgs = new ArrayList<>(List.of("--host", "127.0.0.1"));
    final Map<Long, String> otherBuilds = new LinkedHashMap<>();
    List<String> jvmArgs;
    Path jar;
    long maxHeapMb = -1;

    @Test
    void measure() throws Exception {
        ToolCheck.requireSyncEvolution();
        String property = System.getProperty("meshchat.jar");
        jar = Path.of(property == null || property.isBlank() ? "target/meshchat-syncml.jar" : property).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first with mvn -B -q package -DskipTests");
        System.setProperty("meshchat.jar", jar.toString()); // for MeshChatServer, which makes the accounts
        jvmArgs = words(System.getProperty("meshchat.benchmark.jvmArgs", ""));
        serveArgs.addAll(words(System.getProperty("meshchat.benchmark.serveArgs", "")));
        List<Integer> sizes = words(System.getProperty("meshchat.benchmark.sizes", "100,1000,10000").replace(',', ' '))
                .stream().map(Integer::parseInt).toList();

        verifyProxySeesEveryMessage();
        for (int n : sizes) {
            run(n, false);
            run(n, true);
        }
        String report = report(sizes);
        Path out = Path.of("target", "benchmarks", "syncml.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println(report);
        assertTrue(failures.isEmpty(), "failed sessions:\n" + String.join("\n", failures));
    }

    /** One server for one N and encoding: the steps of the baseline, then the server's memory. */
    private void run(int n, boolean wbxml) throws Exception {
        String enc = wbxml ? "wbxml" : "xml";
        Path root = tmp.resolve(n + "-" + enc);
        MeshChatServer prepared = MeshChatServer.create(root.resolve("server")).addUser(USER, PASSWORD, false);
        try (BenchServer server = new BenchServer(jar, prepared, jvmArgs, serveArgs);
             CountingProxy proxy = new CountingProxy(server.port())) {
            double cold = server.start();
            Thread.sleep(2000);
            long idleRss = server.procStatusKb("VmRSS");
            String idleHeap = server.heapInfo();
            maxHeapMb = server.maxHeapMb();

            SyncEvolutionClient a = client(root.resolve("client-a"), proxy, wbxml, 1);
            for (int i = 0; i < n; i++) {
                Files.writeString(a.memoDir().resolve("m" + i), memo("up", i), StandardCharsets.UTF_8);
            }
            step(n, enc, "slow sync, N up", a, SLOW, proxy, n, 0, server);
            if (wbxml && n >= 1000) {
                SyncEvolutionClient b = client(root.resolve("client-b"), proxy, true, 1);
                step(n, enc, "slow sync, N down to a fresh client", b, SLOW, proxy, 0, n, server);
            }
            for (int i = 0; i < NEW_MEMOS; i++) {
                a.writeMemo("new" + i, memo("new", i)); // waits for the file backend's mtime second
            }
            step(n, enc, "+10 new, two-way", a, TWO_WAY, proxy, NEW_MEMOS, 0, server);
            step(n, enc, "no changes, two-way", a, TWO_WAY, proxy, 0, 0, server);

            long stored = server.messages();
            if (stored != n + NEW_MEMOS) {
                failures.add(n + " " + enc + ": the server holds " + stored + " messages, expected " + (n + NEW_MEMOS));
            }
            long peakRss = server.procStatusKb("VmHWM");
            String endHeap = server.heapInfo();
            server.stop();
            double coldWithData = server.start();
            servers.add(String.format("| %,d | %s | %.2f | %.0f MB | %s | %,d | %.0f MB | %s | %.2f |", n, enc, cold,
                    idleRss / 1024.0, idleHeap, stored, peakRss / 1024.0, endHeap, coldWithData));
            server.stop();
            server.notableLogLines().forEach(l -> notes.add(n + " " + enc + " server log: " + l));
        }
    }

    private void step(int n, String enc, String step, SyncEvolutionClient client, String mode, CountingProxy proxy,
                      int expectUp, int expectDown, BenchServer server) throws IOException {
        String label = String.format("%,d %s %s", n, enc, step);
        boolean busy = noteOtherBuilds("before " + label);
        proxy.take();
        long t0 = System.nanoTime();
        SyncResult r = client.sync(mode);
        double secs = (System.nanoTime() - t0) / 1e9;
        CountingProxy.Counts c = proxy.take();
        busy |= noteOtherBuilds("after " + label);
        int up = r.stat("remote", "added") + r.stat("remote", "updated");
        int down = r.stat("local", "added") + r.stat("local", "updated");
        boolean ok = r.succeeded() && r.memoMode().equals(mode) && up == expectUp && down == expectDown && c.non200() == 0;
        rows.add(new Row(n, enc, step, secs, c, "↑" + up + " ↓" + down, ok, busy));
        System.out.println(rows.get(rows.size() - 1).line());
        if (!ok) {
            List<String> log = server.notableLogLines();
            String err = r.stderr().substring(Math.max(0, r.stderr().length() - 2000));
            failures.add(label + ": exit " + r.exitCode() + (r.timedOut() ? " TIMED OUT" : "") + ", status.ini " + r.status()
                    + ", " + c.non200() + " non-200 replies, expected ↑" + expectUp + " ↓" + expectDown + "\nclient stderr: "
                    + err + "\nserver log:\n  " + String.join("\n  ", log.subList(Math.max(0, log.size() - 10), log.size())));
        }
        if (n >= 10_000 && c.exchanges().size() > 3) {
            StringBuilder b = new StringBuilder(label + ":");
            c.exchanges().forEach(e -> b.append(String.format(" %.0f/%.2f/%.0f", e.requestBody() / 1000.0,
                    e.serverMillis() / 1000, e.replyBody() / 1000.0)));
            perMessage.add(b.toString());
        }
    }

    /**
     * The proxy sees every message of a session only if the server's RespURI names the proxy's port.
     * Checked at loglevel 4 (untimed), where the client dumps each message it generated: its POSTs
     * must equal its dumps minus the final status-only message it never sends (reference gotcha 9).
     */
    private void verifyProxySeesEveryMessage() throws Exception {
        Path root = tmp.resolve("verify");
        MeshChatServer prepared = MeshChatServer.create(root.resolve("server")).addUser(USER, PASSWORD, false);
        try (BenchServer server = new BenchServer(jar, prepared, jvmArgs, serveArgs);
             CountingProxy proxy = new CountingProxy(server.port())) {
            server.start();
            for (boolean wbxml : new boolean[] {false, true}) {
                SyncEvolutionClient up = client(root.resolve("up-" + wbxml), proxy, wbxml, 4);
                for (int i = 0; i < 1000; i++) {
                    Files.writeString(up.memoDir().resolve("m" + i), memo("verify-" + wbxml, i), StandardCharsets.UTF_8);
                }
                check(wbxml, "slow sync, 1,000 up", up.sync(SLOW), proxy.take(), proxy.port());
                SyncEvolutionClient down = client(root.resolve("down-" + wbxml), proxy, wbxml, 4);
                check(wbxml, "slow sync, 1,000+ down", down.sync(SLOW), proxy.take(), proxy.port());
            }
            server.stop();
        }
    }

    private void check(boolean wbxml, String what, SyncResult r, CountingProxy.Counts c, int proxyPort) throws IOException {
        OutgoingMessages out = r.outgoing();
        String respUri = "(none)";
        try (Stream<Path> files = Files.list(r.sessionDir())) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith("_incoming.xml")).sorted().toList()) {
                Matcher m = Pattern.compile("<RespURI>([^<]*)</RespURI>").matcher(Files.readString(p));
                if (m.find()) {
                    respUri = m.group(1);
                    break;
                }
            }
        }
        boolean ok = r.succeeded() && c.posts() == out.messageCount() - 1 && out.fragments().isEmpty()
                && respUri.startsWith("http://127.0.0.1:" + proxyPort + "/");
        String line = String.format("%s %s: %d POSTs through the proxy, %d outgoing dumps (last one never sent), "
                + "%d connection(s), RespURI %s: %s", wbxml ? "wbxml" : "xml", what, c.posts(), out.messageCount(),
                c.connections(), respUri, ok ? "OK" : "MISMATCH");
        checks.add(line);
        if (!ok) {
            failures.add("proxy check: " + line + "\n" + r.describe());
        }
    }

    /** Other builds (maven, surefire, failsafe processes that are not this run's) make timings noisy: note them. */
    private boolean noteOtherBuilds(String when) {
        Set<Long> mine = new HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            mine.add(p.get().pid());
        }
        List<ProcessHandle> others = ProcessHandle.allProcesses().filter(p -> !mine.contains(p.pid())
                && p.info().commandLine().filter(OTHER_BUILD.asPredicate()).isPresent()).toList();
        others.forEach(p -> otherBuilds.putIfAbsent(p.pid(), "first seen " + when + ": pid " + p.pid() + " "
                + p.info().commandLine().map(c -> c.substring(0, Math.min(c.length(), 160))).orElse("")));
        return !others.isEmpty();
    }

    private static final Pattern OTHER_BUILD = Pattern.compile("maven|surefire|failsafe");

    private SyncEvolutionClient client(Path root, CountingProxy proxy, boolean wbxml, int loglevel) {
        SyncOptions o = SyncOptions.of("http://127.0.0.1:" + proxy.port() + "/sync", USER, PASSWORD);
        return SyncEvolutionClient.create(root, new SyncOptions(o.syncUrl(), USER, PASSWORD, o.deviceId(), wbxml, 0,
                null, true, false, loglevel, SYNC_TIMEOUT));
    }

    /** A unique memo of exactly {@link #MEMO_BYTES} bytes: ASCII text and a line end. */
    static String memo(String tag, int i) {
        String head = String.format("%s memo %06d: ", tag, i);
        String filler = "CQ CQ de MeshChat benchmark, the quick brown fox jumps over the lazy dog 0123456789 ".repeat(2);
        return head + filler.substring(0, MEMO_BYTES - 1 - head.length()) + "\n";
    }

    private String report(List<Integer> sizes) throws Exception {
        StringBuilder b = new StringBuilder();
        b.append("# SyncML benchmark: MeshChat SyncML server jar + SyncEvolution client (loopback)\n\n")
                .append("date: ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append("\nnproc: ").append(Runtime.getRuntime().availableProcessors())
                .append("\nJVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
                .append("), server max heap ").append(maxHeapMb).append(" MB")
                .append("\nclient: ").append(firstLine("syncevolution", "--version"))
                .append("\ncommand: ").append(COMMAND)
                .append("\nserver: java ").append(String.join(" ", jvmArgs)).append(jvmArgs.isEmpty() ? "" : " ")
                .append("-jar target/meshchat-syncml.jar serve --port P --data DIR ").append(String.join(" ", serveArgs))
                .append("\nclient options: loglevel=1 dumpData=0 printChanges=0 maxlogdirs=0 RetryInterval=0, MaxMsgSize 150000 (default),")
                .append(" file backend, fresh client, empty server DB per N and encoding\nsizes: ").append(sizes)
                .append("; memos of ").append(MEMO_BYTES).append(" bytes (99 ASCII + LF), all different\n\n")
                .append("secs: wall clock of the `syncevolution --run` process. POSTs, client→server, server→client: counted\n")
                .append("by a TCP proxy on 127.0.0.1 (HTTP heads and bodies; 1 KB = 1,000 bytes). items: ↑ added on the server,\n")
                .append("↓ added on the client (client's status.ini). server s: sum over the session's messages of the time from\n")
                .append("a request's last byte to its reply's last byte, as seen at the proxy; slowest: the largest of those.\n\n")
                .append("| N | enc | step | secs | POSTs | client→server | server→client | items | server s | slowest msg s |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> b.append(r.line()).append('\n'));
        b.append("\n## Server process (one per N and encoding)\n\n")
                .append("cold start: process start until GET / answers 200 (polled every 10 ms); idle: 2 s after start;\n")
                .append("peak RSS: VmHWM from /proc/PID/status after all steps; heap: jcmd PID GC.heap_info;\n")
                .append("restart: cold start again on the same data (N+10 messages).\n\n")
                .append("| N | enc | cold start s | idle RSS | idle heap | messages | peak RSS | heap after the steps | restart s |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        servers.forEach(s -> b.append(s).append('\n'));
        if (!perMessage.isEmpty()) {
            b.append("\n## Messages of the 10,000 sessions (request KB / server s / reply KB, in order)\n\n");
            perMessage.forEach(p -> b.append(p).append('\n'));
        }
        b.append("\n## Proxy check: the proxy sees every message (loglevel 4, untimed, own server)\n\n");
        checks.forEach(c -> b.append("- ").append(c).append('\n'));
        b.append("\n## Notes\n\n");
        b.append(otherBuilds.isEmpty() ? "- no other maven/surefire/failsafe process was running at any step\n"
                : "- OTHER BUILDS RAN DURING THE STEPS MARKED (b) (seen just before or after the step; figures may be noisy):\n");
        otherBuilds.values().forEach(o -> b.append("  - ").append(o).append('\n'));
        notes.forEach(nt -> b.append("- ").append(nt).append('\n'));
        failures.forEach(f -> b.append("- FAILURE: ").append(f).append('\n'));
        return b.toString();
    }

    private static String firstLine(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().findFirst().orElse("?");
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
