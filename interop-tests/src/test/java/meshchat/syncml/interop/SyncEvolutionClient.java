package meshchat.syncml.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drives the Debian SyncEvolution command-line client as an independent SyncML client that syncs
 * a folder of plain-text memos (file backend, one item per file) with one SyncML server.
 *
 * <p>Each instance has its own state under a root folder (normally a JUnit {@code @TempDir}):
 * HOME and XDG dirs (so nothing touches the user's config), the memo folder, the session logs,
 * and the stdout/stderr of every run. The client runs in-process ({@code --daemon=no}), without
 * D-Bus or keyring, with {@code LD_PRELOAD=curl-fix.so} (see {@link CurlFix}); a run that exceeds
 * its timeout is killed by PID.
 */
final class SyncEvolutionClient {

    /** The client-side sync modes, as SyncEvolution names them (Alert 200..205). */
    static final String TWO_WAY = "two-way";                    // 200
    static final String SLOW = "slow";                          // 201
    static final String ONE_WAY_FROM_CLIENT = "one-way-from-local";   // 202
    static final String REFRESH_FROM_CLIENT = "refresh-from-local";   // 203
    static final String ONE_WAY_FROM_SERVER = "one-way-from-remote";  // 204
    static final String REFRESH_FROM_SERVER = "refresh-from-remote";  // 205 with enableRefreshSync=1

    private static final Duration MTIME_GAP = Duration.ofMillis(1100);

    private final Path root;
    private final Path memoDir;
    private final Path logDir;
    private final Map<String, String> env;
    private SyncOptions options;
    private long lastSyncEndMillis;
    private int runs;

    private SyncEvolutionClient(Path root, SyncOptions options) throws IOException {
        this.root = root.toAbsolutePath();
        this.memoDir = Files.createDirectories(this.root.resolve("memos"));
        this.logDir = Files.createDirectories(this.root.resolve("logs"));
        this.options = options;
        Map<String, String> e = new TreeMap<>(System.getenv());
        e.remove("DBUS_SESSION_BUS_ADDRESS");
        e.remove("DISPLAY");
        e.remove("LD_PRELOAD");
        e.put("HOME", Files.createDirectories(this.root.resolve("home")).toString());
        e.put("XDG_CONFIG_HOME", Files.createDirectories(this.root.resolve("config")).toString());
        e.put("XDG_DATA_HOME", Files.createDirectories(this.root.resolve("data")).toString());
        e.put("XDG_CACHE_HOME", Files.createDirectories(this.root.resolve("cache")).toString());
        e.put("LC_ALL", "C.UTF-8");
        this.env = e;
    }

    /** Creates the client state under {@code root} and configures the peer "peer" with datastore "memo". */
    static SyncEvolutionClient create(Path root, SyncOptions options) {
        ToolCheck.requireSyncEvolution();
        try {
            SyncEvolutionClient client = new SyncEvolutionClient(root, options);
            client.runConfigure(options.configureProperties(client.memoDir, client.logDir), true);
            return client;
        } catch (IOException e) {
            throw new AssertionError("cannot create SyncEvolution client state in " + root + ": " + e, e);
        }
    }

    SyncOptions options() {
        return options;
    }

    Path memoDir() {
        return memoDir;
    }

    /** Changes the stored password (the next sync uses it). */
    void changePassword(String password) {
        options = options.withPassword(password);
        reconfigure("password=" + password);
    }

    /** Sets sync properties on the existing config, e.g. {@code "maxMsgSize=20000"}. */
    void reconfigure(String... properties) {
        runConfigure(List.of(properties), false);
    }

    private void runConfigure(List<String> properties, boolean fresh) {
        List<String> command = new ArrayList<>(List.of("syncevolution", "--daemon=no", "--configure"));
        if (fresh) {
            command.addAll(List.of("--template", "none"));
        }
        command.addAll(properties);
        command.addAll(List.of("peer", "memo"));
        ProcessOutcome outcome = run(command, "configure", false, Duration.ofSeconds(60));
        if (outcome.timedOut || outcome.exitCode != 0) {
            throw new AssertionError("syncevolution --configure failed (exit " + outcome.exitCode + "): "
                    + String.join(" ", command) + "\n" + outcome.stdout + outcome.stderr);
        }
    }

    /** Runs {@code syncevolution --daemon=no --run --sync MODE peer memo} with the curl fix. */
    SyncResult sync(String mode) {
        return sync(mode, true);
    }

    /** As {@link #sync(String)}; {@code withCurlFix=false} runs the unpatched client (self-test). */
    SyncResult sync(String mode, boolean withCurlFix) {
        Set<Path> before = sessionDirs();
        List<String> command = List.of("syncevolution", "--daemon=no", "--run", "--sync", mode, "peer", "memo");
        ProcessOutcome outcome = run(command, "sync-" + mode, withCurlFix, options.timeout());
        lastSyncEndMillis = System.currentTimeMillis();
        List<Path> created = new ArrayList<>(sessionDirs());
        created.removeAll(before);
        created.sort(null);
        Path sessionDir = created.isEmpty() ? null : created.get(created.size() - 1);
        return new SyncResult(mode, outcome.pid, outcome.exitCode, outcome.timedOut, outcome.stdout, outcome.stderr,
                SyncResult.readStatusIni(sessionDir), sessionDir);
    }

    /** The trace written by curl-fix.so (one line per substituted callback); empty if none. */
    String curlFixLog() {
        return readOrEmpty(root.resolve("curl-fix.log"));
    }

    // ---- memo store -------------------------------------------------------------------------

    /**
     * Writes one memo (one item) as UTF-8. The file backend keeps each file's mtime (whole seconds)
     * as the item's revision and tells an update by a changed revision, but a new item by its new
     * file name (its LUID) and a deleted one by the name missing. So only a rewrite of an existing
     * memo waits, until its mtime second differs from the last sync's and from its previous version's.
     */
    Path writeMemo(String name, String text) {
        Path file = memoDir.resolve(name);
        try {
            if (Files.exists(file)) {
                sleepUntil(Math.max(lastSyncEndMillis, Files.getLastModifiedTime(file).toMillis()) + MTIME_GAP.toMillis());
            }
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot write memo " + file + ": " + e, e);
        }
    }

    /** Deletes one memo file (no wait: the backend tells a deleted item by its missing name). */
    void deleteMemo(String name) {
        Path file = memoDir.resolve(name);
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new AssertionError("cannot delete memo " + file + ": " + e, e);
        }
    }

    /** All memos: file name (the client's LUID; items from the server get 1, 2, ...) to raw text. */
    Map<String, String> memos() {
        Map<String, String> memos = new TreeMap<>();
        try (Stream<Path> files = Files.list(memoDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.startsWith(".")) {
                    memos.put(name, Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list memos in " + memoDir + ": " + e, e);
        }
        return memos;
    }

    /** The normalised texts of all memos, sorted (a multiset: duplicates stay). */
    List<String> memoTexts() {
        return memos().values().stream().map(SyncEvolutionClient::normalise).sorted().toList();
    }

    /**
     * Memo text for comparison: CRLF and CR become LF, trailing whitespace is removed. The
     * engine's Note profile sends LF as CRLF and appends a CRLF on every pass (gotcha 7).
     */
    static String normalise(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
    }

    // ---- processes --------------------------------------------------------------------------

    private record ProcessOutcome(long pid, int exitCode, boolean timedOut, String stdout, String stderr) {
    }

    private ProcessOutcome run(List<String> command, String label, boolean withCurlFix, Duration timeout) {
        int n = ++runs;
        Path out = root.resolve(String.format("run-%02d-%s.stdout", n, label));
        Path err = root.resolve(String.format("run-%02d-%s.stderr", n, label));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        if (withCurlFix) {
            pb.environment().put("LD_PRELOAD", CurlFix.library().toString());
            pb.environment().put("CURL_FIX_LOG", root.resolve("curl-fix.log").toString());
        }
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
            }
            return new ProcessOutcome(process.pid(), process.exitValue(), !finished, readOrEmpty(out),
                    readOrEmpty(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Stops a process and its descendants by PID: SIGTERM, then SIGKILL after 5 s. */
    static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Set<Path> sessionDirs() {
        try (Stream<Path> dirs = Files.list(logDir)) {
            return new HashSet<>(dirs.filter(Files::isDirectory).toList());
        } catch (IOException e) {
            throw new AssertionError("cannot list " + logDir + ": " + e, e);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<unreadable " + file + ": " + e + ">";
        }
    }

    private static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
