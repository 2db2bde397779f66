package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs our server jar as a child process for a test, through the operator's interface only:
 * {@code java -jar meshchat-syncml.jar user add NAME [--admin] --data DIR} (password on stdin)
 * and {@code java -jar meshchat-syncml.jar serve --port P --data DIR}, with the README's JVM
 * options ({@link JarRun#jvmOptions}). The jar comes from the system property {@code meshchat.jar}
 * (set by maven-failsafe). Output goes to {@code server.log} in the data dir's parent. Accounts
 * added before the first start come as a copy of a folder that {@code user add} made once per JVM
 * for the same accounts ({@link AccountFolders}). Stopping is by PID: destroy (SIGTERM), then
 * destroyForcibly after 20 s. {@link #restart()} keeps the data dir and the port.
 */
final class MeshChatServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    /** How often {@link #start()} asks {@code GET /}: the JVM starts in well under a second. */
    private static final long POLL_MILLIS = 50;

    private final Path jar;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private Process process;
    /** The accounts in the data dir, while it holds only their copy from {@link AccountFolders}; null once served. */
    private List<AccountFolders.Account> accounts = List.of();

    private MeshChatServer(Path jar, Path dataDir, int port) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.log = dataDir.toAbsolutePath().getParent().resolve("server.log");
        this.port = port;
    }

    /** Prepares a server on a free loopback port with an empty data dir {@code root/data}; not started. */
    static MeshChatServer create(Path root) {
        String property = System.getProperty("meshchat.jar");
        if (property == null || property.isBlank()) {
            fail("system property meshchat.jar is not set; run the interop tests with 'mvn verify' (failsafe sets it)");
        }
        Path jar = Path.of(property).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("server jar " + jar + " does not exist; 'mvn verify' builds it in the package phase");
        }
        try {
            return new MeshChatServer(jar, Files.createDirectories(root.resolve("data")), JarRun.freePort());
        } catch (IOException e) {
            throw new AssertionError("cannot create " + root.resolve("data") + ": " + e, e);
        }
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    /** The SyncML endpoint; the datastore is {@code meshchat}. */
    String syncUrl() {
        return "http://127.0.0.1:" + port + "/sync";
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Adds a user; only while the server is stopped (Derby locks the data dir). */
    MeshChatServer addUser(String name, String password, boolean admin) {
        return admin ? addUser(name, password, "--admin") : addUser(name, password, new String[0]);
    }

    /**
     * Adds a user with options of {@code user add}, e.g. {@code --peer} or {@code --call-sign CS};
     * only while stopped. Before the first start, the data dir becomes a copy of the folder
     * {@code user add} made of the same accounts for an earlier test (made now if none did).
     */
    MeshChatServer addUser(String name, String password, String... options) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(
                    "user add needs the server stopped (Derby would refuse the locked data dir)");
        }
        AccountFolders.Account account = new AccountFolders.Account(name, password, List.of(options));
        if (accounts == null) {
            userAdd(dataDir, account);
        } else {
            List<AccountFolders.Account> next = new ArrayList<>(accounts);
            next.add(account);
            AccountFolders.copyTo(jar, next, dataDir, this::userAdd);
            accounts = List.copyOf(next);
        }
        return this;
    }

    private void userAdd(Path data, AccountFolders.Account account) {
        String name = account.name();
        String password = account.password();
        List<String> args = new ArrayList<>(List.of("user", "add", name));
        args.addAll(account.options());
        args.addAll(List.of("--data", data.toString()));
        try {
            Process p = javaJar(args).start();
            p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("'user add " + name + "' did not finish within 60 s; see " + log);
            }
            if (p.exitValue() != 0) {
                fail("'user add " + name + "' exited " + p.exitValue() + "; log:\n" + tail());
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run user add: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private final List<String> serveArgs = new java.util.ArrayList<>();

    /** Extra options for {@code serve}, e.g. {@code --max-msg-size 30000}; takes effect at the next start. */
    MeshChatServer serveArgs(String... args) {
        serveArgs.addAll(List.of(args));
        return this;
    }

    /** Starts {@code serve} and waits until {@code GET /} answers 200. */
    MeshChatServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        accounts = null; // from now on the data dir is this server's own
        long logStart;
        try {
            logStart = Files.exists(log) ? Files.size(log) : 0;
            List<String> args = new java.util.ArrayList<>(List.of("serve", "--port", Integer.toString(port), "--data", dataDir.toString()));
            args.addAll(serveArgs);
            process = javaJar(args).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new AssertionError("cannot start the server: " + e, e);
        }
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the server exited with " + process.exitValue() + " during startup; log:\n" + tail());
            }
            try {
                // the banner first: a 200 alone may come from another process on the port
                if (announcedServing(logStart)
                        && LoopbackHttp.send(LoopbackHttp.request(uri("/")).timeout(5, TimeUnit.SECONDS)).getStatus() == 200) {
                    return this;
                }
            } catch (ExecutionException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            sleep(POLL_MILLIS);
        }
        stop();
        fail("GET / did not answer 200 within " + STARTUP.toSeconds() + " s; log:\n" + tail());
        return this;
    }

    /** Whether the log, from byte {@code from} on, holds this process's "serving SyncML at" banner for its port and data dir. */
    private boolean announcedServing(long from) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            file.seek(from);
            byte[] rest = new byte[(int) Math.max(0, file.length() - from)];
            file.readFully(rest);
            String text = new String(rest, StandardCharsets.UTF_8);
            return text.contains(":" + port + "/sync (data " + dataDir.toAbsolutePath().normalize() + ")");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server by PID: SIGTERM, then SIGKILL after 20 s. Idempotent. */
    void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        try {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server by PID with SIGKILL: no shutdown hook, no clean Derby shutdown. */
    void kill() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops and starts again on the same port with the same data dir. */
    MeshChatServer restart() {
        stop();
        return start();
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The last lines of the server log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "<cannot read " + log + ": " + e + ">";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private ProcessBuilder javaJar(List<String> args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx384m"));
        command.addAll(JarRun.jvmOptions(jar));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        Files.writeString(log, "\n$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new ProcessBuilder(command).directory(dataDir.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
