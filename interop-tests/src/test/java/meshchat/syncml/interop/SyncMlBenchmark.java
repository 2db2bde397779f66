package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;
import static meshchat.syncml.interop.SyncEvolutionClient.TWO_WAY;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * SyncML performance (issue 10): our jar and syncevo-http-server (the libsynthesis server from
 * Debian's syncevolution-http) measured in one run with the same real SyncEvolution client and
 * workload: 100-byte memos, WBXML, fresh client, empty server, client at loglevel 1, every byte
 * counted by a {@link CountingProxy} on 127.0.0.1, server processes sampled by a
 * {@link ProcessSampler}. Per N: slow sync of N memos up; refresh (the N coming down to a fresh
 * client, SyncEvolution's default refresh: a slow sync of an empty client); +10 new two-way; idle
 * two-way. Servers: "ours" (JVM options {@code meshchat.benchmark.jvmArgs}), "ours-small"
 * ({@code meshchat.benchmark.smallJvmArgs}, default {@code -Xmx64m}), "syncevo-http-server". Writes
 * {@code target/benchmarks/syncml.txt} and {@code syncml.tsv} ({@link BenchReport}). Not part of
 * {@code mvn verify}; the command is {@link #COMMAND}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "meshchat.benchmark", matches = "true")
class SyncMlBenchmark {

    static final String COMMAND = "mvn -B -q package -DskipTests -Dfuzz.skip=true && mvn -B test -Dfuzz.skip=true "
            + "-Dtest=SyncMlBenchmark -Dmeshchat.benchmark=true";
    static final String USER = "bench";
    static final String PASSWORD = "bench secret";
    static final int MEMO_BYTES = 100;
    static final int NEW_MEMOS = 10;

    @TempDir
    Path tmp;
    final BenchReport report = new BenchReport();
    final List<String> notes = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> serveArgs = new ArrayList<>(List.of("--host", "127.0.0.1"));
    final Map<Long, String> otherBuilds = new LinkedHashMap<>();
    final Map<String, List<String>> jvmArgs = new LinkedHashMap<>();
    /** As documented for serve: a server's work is short bursts, where C2's compiling costs more CPU than it saves. */
    static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    /** {@code -Dmeshchat.benchmark.slowOnly=true}: only the slow sync step per server and N. */
    static final boolean SLOW_ONLY = Boolean.getBoolean("meshchat.benchmark.slowOnly");
    Path jar;

    @Test
    void measure() throws Exception {
        ToolCheck.requireSyncEvolution();
        String property = System.getProperty("meshchat.jar");
        jar = Path.of(property == null || property.isBlank() ? "target/meshchat-syncml.jar" : property).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first with mvn -B -q package -DskipTests");
        System.setProperty("meshchat.jar", jar.toString()); // for MeshChatServer, which makes the accounts
        // the JVM options the README's serve command carries (C1 only, one GC thread, the
        // class-data-sharing archive mvn package writes beside the jar, when there is one)
        Path archive = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".jsa"));
        String options = Files.isRegularFile(archive) ? JVM_OPTIONS + " -XX:SharedArchiveFile=" + archive : JVM_OPTIONS;
        jvmArgs.put(BenchReport.OURS, words(System.getProperty("meshchat.benchmark.jvmArgs", options)));
        jvmArgs.put(BenchReport.SMALL, words(System.getProperty("meshchat.benchmark.smallJvmArgs", "-Xmx64m " + options)));
        serveArgs.addAll(words(System.getProperty("meshchat.benchmark.serveArgs", "")));
        List<Integer> sizes = words(System.getProperty("meshchat.benchmark.sizes", "1000,10000").replace(',', ' '))
                .stream().map(Integer::parseInt).toList();
        List<String> servers = words(System.getProperty("meshchat.benchmark.servers",
                BenchReport.OURS + "," + BenchReport.SMALL + "," + BenchReport.THEIRS).replace(',', ' '));
        List<Boolean> encodings = words(System.getProperty("meshchat.benchmark.encodings", "wbxml").replace(',', ' '))
                .stream().map("wbxml"::equals).toList();

        ProxyCheck proxyCheck = new ProxyCheck();
        if (!"false".equals(System.getProperty("meshchat.benchmark.proxyCheck"))) {
            proxyCheck.run(tmp.resolve("verify"), jar, jvmArgs.get(BenchReport.OURS), serveArgs, encodings, this::client);
            failures.addAll(proxyCheck.failures);
        }
        for (int n : sizes) {
            for (boolean wbxml : encodings) {
                for (String server : servers) {
                    run(server, n, wbxml);
                }
            }
        }
        proxyCheck.lines.forEach(l -> notes.add("proxy check (loglevel 4, untimed, own server): " + l));
        notes.add(otherBuilds.isEmpty() ? "no other maven/surefire/failsafe process was running at any step"
                : "OTHER BUILDS RAN DURING THE STEPS MARKED (b); the machine is shared, figures are noisy:");
        otherBuilds.values().forEach(o -> notes.add("  " + o));
        failures.forEach(f -> notes.add("FAILURE (ours): " + f));
        String text = report.write(Path.of("target", "benchmarks"), header(sizes, servers), notes);
        System.out.println(text);
        assertTrue(failures.isEmpty(), "our server failed (syncevo-http-server's failures are only reported):\n"
                + String.join("\n", failures));
    }

    /** One server for one N and encoding: start, the four steps, what it stored. Failures become rows, not exceptions. */
    private void run(String name, int n, boolean wbxml) throws Exception {
        String target = wbxml ? name : name + " xml";
        Path root = tmp.resolve(name + "-" + n + "-" + (wbxml ? "wbxml" : "xml"));
        boolean theirs = name.equals(BenchReport.THEIRS);
        Path clients = Files.createTempDirectory(CLIENT_DIR == null ? Files.createDirectories(root) : CLIENT_DIR,
                "meshchat-bench-clients-");
        CountingProxy proxy;
        BenchTarget server;
        if (theirs) {
            int port = JarRun.freePort();
            proxy = new CountingProxy(port);
            server = new SyncEvoHttpServer(root.resolve("server"), port, proxy.port(), USER, PASSWORD);
        } else {
            MeshChatServer prepared = MeshChatServer.create(root.resolve("server")).addUser(USER, PASSWORD, false);
            server = new BenchServer(name, jar, prepared, jvmArgs.getOrDefault(name, List.of()), serveArgs);
            proxy = new CountingProxy(server.port());
        }
        double first = Double.NaN;
        ProcessSampler sampler = null;
        try (proxy; server) {
            SyncEvolutionClient a = client(clients.resolve("client-a"), proxy, wbxml, 1);
            SyncEvolutionClient b = client(clients.resolve("client-b"), proxy, wbxml, 1);
            server.addClient(a.options().deviceId());
            server.addClient(b.options().deviceId());
            first = server.start();
            sampler = new ProcessSampler(server::processes);
            if (server instanceof BenchServer ours) {
                notes.add(String.format("%s %,d: max heap %d MB, RSS %.0f MB right after the first answer", target, n,
                        ours.maxHeapMb(), ours.procStatusKb("VmRSS") / 1024.0));
                ours.archiveWarnings().stream().limit(2).forEach(l -> notes.add(target + " " + n
                        + ": WITHOUT the class-data-sharing archive (it fits only the jar at the path it was made for;"
                        + " start and CPU figures are slower): " + l));
            }
            for (int i = 0; i < n; i++) {
                Files.writeString(a.memoDir().resolve("m" + i), memo("up", i), StandardCharsets.UTF_8);
            }
            step(target, n, BenchReport.SLOW_UP, a, SLOW, proxy, sampler, server, n, 0);
            if (SLOW_ONLY) { // profiling the write path: the later steps take long at 100,000 (the client is slow)
                report.add(new BenchReport.Run(target, n, first, server.stored(), 0, "slowOnly: later steps skipped"));
                return;
            }
            step(target, n, BenchReport.REFRESH, b, SLOW, proxy, sampler, server, 0, n);
            for (int i = 0; i < NEW_MEMOS; i++) {
                a.writeMemo("new" + i, memo("new", i)); // new files: the file backend finds them by name, no mtime wait
            }
            step(target, n, BenchReport.PLUS_10, a, TWO_WAY, proxy, sampler, server, NEW_MEMOS, 0);
            step(target, n, BenchReport.IDLE, a, TWO_WAY, proxy, sampler, server, 0, 0);
            long stored = server.stored();
            String problem = stored == n + NEW_MEMOS ? null : "the server holds " + stored + " items, expected " + (n + NEW_MEMOS);
            long hwm = sampler.pids().stream().mapToLong(p -> Math.max(0, ProcessSampler.statusKb(p, "VmHWM"))).sum();
            report.add(new BenchReport.Run(target, n, first, stored, hwm, problem));
            if (problem != null && !theirs) {
                failures.add(target + " " + n + ": " + problem);
            }
            if (server instanceof BenchServer ours) {
                ours.stop();
                notes.add(String.format("%s %,d: restart on the same data (%,d items): first answer after %.3f s", target, n,
                        stored, ours.start()));
            }
        } catch (Exception | AssertionError e) {
            report.add(new BenchReport.Run(target, n, first, server.stored(), 0, "did not run: " + e));
            server.notableLogLines().stream().limit(20).forEach(l -> notes.add(target + " " + n + " log: " + l));
            if (!theirs) {
                failures.add(target + " " + n + ": " + e);
            }
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            try {
                Folders.delete(clients, true); // on tmpfs they hold RAM: 100,000 memos and their logs are about 2 GB
            } catch (AssertionError cleanup) { // never hides the run's own failure
                notes.add(target + " " + n + ": could not delete the clients' folder " + clients + ": " + cleanup);
            }
            if (server instanceof BenchServer ours && Files.isRegularFile(ours.log())) {
                Path kept = Files.createDirectories(Path.of("target", "benchmarks")).resolve(name + "-" + n + "-server.log");
                Files.copy(ours.log(), kept, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void step(String target, int n, String step, SyncEvolutionClient client, String mode, CountingProxy proxy,
                      ProcessSampler sampler, BenchTarget server, int expectUp, int expectDown) {
        String label = String.format("%s %,d %s", target, n, step);
        boolean busy = noteOtherBuilds("before " + label);
        String loadBefore = loadAverage();
        proxy.take();
        sampler.begin();
        long t0 = System.nanoTime();
        SyncResult r = client.sync(mode);
        double secs = (System.nanoTime() - t0) / 1e9;
        ProcessSampler.Usage usage = sampler.end();
        CountingProxy.Counts c = proxy.take();
        busy |= noteOtherBuilds("after " + label);
        notes.add(String.format("%s: load average (1, 5, 15 min) before %s, after %s", label, loadBefore, loadAverage()));
        int up = r.stat("remote", "added") + r.stat("remote", "updated");
        int down = r.stat("local", "added") + r.stat("local", "updated");
        String failure = null;
        if (!(r.succeeded() && r.memoMode().equals(mode) && up == expectUp && down == expectDown && c.non200() == 0)) {
            String err = r.stderr().substring(Math.max(0, r.stderr().length() - 600));
            failure = "client exit " + r.exitCode() + (r.timedOut() ? " TIMED OUT" : "") + ", status " + r.status().get("status")
                    + ", error " + r.status().getOrDefault("error", "-") + ", mode " + r.memoMode() + ", ↑" + up + " ↓" + down
                    + " (expected ↑" + expectUp + " ↓" + expectDown + "), " + c.non200() + " non-200 replies; client stderr: " + err;
            List<String> log = server.notableLogLines();
            notes.add(label + " FAILED; server log: " + String.join(" / ", log.subList(Math.max(0, log.size() - 5), log.size())));
            if (!target.startsWith(BenchReport.THEIRS)) {
                failures.add(label + ": " + failure);
            }
        }
        double serverSecs = c.exchanges().stream().mapToDouble(CountingProxy.Exchange::serverMillis).sum() / 1000;
        double slowest = c.exchanges().stream().mapToDouble(CountingProxy.Exchange::serverMillis).max().orElse(0) / 1000;
        report.add(new BenchReport.Step(target, n, step, failure, secs, usage.cpuSeconds(), serverSecs, slowest, c.posts(),
                c.up(), c.down(), usage.peakRssKb(), "↑" + up + " ↓" + down, busy));
        System.out.printf("%s: %.2f s wall, %.2f s CPU, %s%n", label, secs, usage.cpuSeconds(), failure == null ? "ok" : failure);
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

    /** The first three fields of /proc/loadavg: the machine is shared, every figure needs its load beside it. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static final Pattern OTHER_BUILD = Pattern.compile("maven|surefire|failsafe");

    /**
     * {@code -Dmeshchat.benchmark.clientMinutes=N}: how long one client run may take. SyncEvolution's
     * file backend slows down as its tracking file grows ({@link #CLIENT_DIR}): a refresh of 100,000 to
     * a fresh client with its state on the disk took hours, with the server idle most of that time; on
     * tmpfs it took about 70 minutes of one core (the client is one thread), with our server using under
     * a minute of CPU.
     */
    static final long CLIENT_MINUTES = Long.getLong("meshchat.benchmark.clientMinutes", 120);

    /**
     * {@code -Dmeshchat.benchmark.clientDir=DIR}: where the clients' state lives (config, memo
     * folder, session logs); default /dev/shm (tmpfs) when it is a writable folder, else the test's
     * temp dir. SyncEvolution's file backend keeps one line per item in its tracking file
     * (peers/peer/sources/memo/.other.ini) and rewrites that whole file after every item it stores
     * (TrackingSyncSource flushes its meta node, which shares the file, on every insert): O(n) per
     * item, so a refresh of N is O(N²) in the client. On the disk the 100,000 refresh took hours;
     * on tmpfs each rewrite is a memory copy. Only the client's speed changes: the server's
     * figures and what is on the wire stay the same.
     */
    static final Path CLIENT_DIR = clientDir(System.getProperty("meshchat.benchmark.clientDir"));

    private static Path clientDir(String property) {
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : null;
    }

    /** A client syncing through the proxy; a long timeout (the 100,000 steps take minutes), no resends. */
    SyncEvolutionClient client(Path root, CountingProxy proxy, boolean wbxml, int loglevel) {
        SyncOptions o = SyncOptions.of("http://127.0.0.1:" + proxy.port() + "/sync", USER, PASSWORD);
        return SyncEvolutionClient.create(root, new SyncOptions(o.syncUrl(), USER, PASSWORD, o.deviceId(), wbxml, 0,
                null, true, false, loglevel, Duration.ofMinutes(CLIENT_MINUTES)));
    }

    /** A unique memo of exactly {@link #MEMO_BYTES} bytes: ASCII text and a line end. */
    static String memo(String tag, int i) {
        String head = String.format("%s memo %06d: ", tag, i);
        String filler = "CQ CQ de MeshChat benchmark, the quick brown fox jumps over the lazy dog 0123456789 ".repeat(2);
        return head + filler.substring(0, MEMO_BYTES - 1 - head.length()) + "\n";
    }

    private List<String> header(List<Integer> sizes, List<String> servers) throws IOException, InterruptedException {
        List<String> h = new ArrayList<>(List.of(
                "# SyncML benchmark: our server jar and syncevo-http-server, same SyncEvolution client and workload",
                "",
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "nproc: " + Runtime.getRuntime().availableProcessors() + " (shared with other builds: figures are noisy)",
                "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                "client: " + firstLine("syncevolution", "--version") + ", loglevel=1 dumpData=0 printChanges=0 RetryInterval=0,"
                        + " MaxMsgSize 150000 (default), file backend, fresh clients, empty server per server and N,"
                        + " client state in " + (CLIENT_DIR == null ? "the test's temp dir" : CLIENT_DIR)
                        + " (its file backend rewrites its whole tracking file per stored item: see CLIENT_DIR)",
                "command: " + COMMAND + " " + propertiesGiven(),
                "sizes: " + sizes + "; memos of " + MEMO_BYTES + " bytes (99 ASCII + LF), all different; servers: " + servers));
        jvmArgs.forEach((name, args) -> h.add("server " + name + ": java " + String.join(" ", args) + (args.isEmpty() ? "" : " ")
                + "-jar target/meshchat-syncml.jar serve --port P --data DIR " + String.join(" ", serveArgs)));
        h.add("server " + BenchReport.THEIRS + ": " + firstLine("dpkg-query", "-W", "syncevolution-http", "libsynthesis0v5")
                + "; private dbus-daemon + syncevo-dbus-server + python3 syncevo-http-server (bound to 127.0.0.1),"
                + " file backend, loglevel=1; CPU and RSS count all of them and their children");
        return h;
    }

    private static String propertiesGiven() {
        StringBuilder b = new StringBuilder();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("meshchat.benchmark.")).sorted()
                .forEach(k -> b.append("-D").append(k).append("='").append(System.getProperty(k)).append("' "));
        return b.toString().trim();
    }

    private static String firstLine(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return String.join("; ", out.strip().lines().filter(l -> !l.startsWith("Loaded backend library")).toList());
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
