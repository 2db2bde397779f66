package meshchat.syncml.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server jar run for {@link SyncMlBenchmark} exactly as an operator runs it
 * ({@code java [JVM options] -jar meshchat-syncml.jar serve --port P --data DIR [options]}), with
 * what the benchmark measures about the process: the cold start (process start until {@code GET /}
 * answers 200, polled every 10 ms), its PID, RSS and peak RSS from {@code /proc/PID/status}, and
 * the Java heap from {@code jcmd PID GC.heap_info}. Accounts are made beforehand with
 * {@link MeshChatServer#addUser}, whose port and data dir this reuses. Stopped by PID.
 */
final class BenchServer implements BenchTarget {

    private final Path jar;
    private final MeshChatServer prepared;
    private final List<String> jvmArgs;
    private final List<String> serveArgs;
    private final Path log;
    private final String name;
    private Process process;

    BenchServer(String name, Path jar, MeshChatServer prepared, List<String> jvmArgs, List<String> serveArgs) {
        this.name = name;
        this.jar = jar;
        this.prepared = prepared;
        this.jvmArgs = jvmArgs;
        this.serveArgs = serveArgs;
        this.log = prepared.dataDir().toAbsolutePath().getParent().resolve("server.log");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String command() {
        return "java " + String.join(" ", jvmArgs) + (jvmArgs.isEmpty() ? "" : " ")
                + "-jar target/meshchat-syncml.jar serve --port P --data DIR " + String.join(" ", serveArgs);
    }

    @Override
    public int port() {
        return prepared.port();
    }

    /** The account is made beforehand ({@link MeshChatServer#addUser}); any device ID may use it. */
    @Override
    public void addClient(String deviceId) {
    }

    @Override
    public List<ProcessHandle> processes() {
        return process == null ? List.of() : List.of(process.toHandle());
    }

    @Override
    public long stored() {
        return messages();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Starts {@code serve}; returns the seconds from process start until {@code GET /} answered 200. */
    @Override
    public double start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--port", Integer.toString(port()),
                "--data", prepared.dataDir().toString()));
        command.addAll(serveArgs);
        Files.writeString(log, "\n$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).directory(log.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long t0 = System.nanoTime();
        process = pb.start();
        process.getOutputStream().close();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " during startup; see " + log);
            }
            if (statusOk()) {
                return (System.nanoTime() - t0) / 1e9;
            }
            Thread.sleep(10);
        }
        stop();
        throw new AssertionError("GET / did not answer 200 within 60 s; see " + log);
    }

    /** One {@code GET /} on a fresh connection: true on 200. Connection refused means not yet. */
    private boolean statusOk() {
        String page = statusPage();
        return page != null && page.startsWith("HTTP/1.1 200");
    }

    /** The status page's "messages: N" (messages in the store), or -1. */
    long messages() {
        String page = statusPage();
        Matcher m = Pattern.compile("\nmessages: (\\d+)").matcher(page == null ? "" : page);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String statusPage() {
        return BenchTarget.get(port(), "/");
    }

    /** A field of {@code /proc/PID/status} in kB, e.g. {@code VmRSS} or {@code VmHWM} (peak RSS); -1 if absent. */
    long procStatusKb(String field) {
        return ProcessSampler.statusKb(pid(), field);
    }

    /** Heap in use and committed, in MB, from {@code jcmd PID GC.heap_info} (G1 line), or a note why not. */
    String heapInfo() {
        String out = jcmd("GC.heap_info");
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
        return m.find() ? String.format("%.1f MB used of %.1f MB committed", Long.parseLong(m.group(2)) / 1024.0,
                Long.parseLong(m.group(1)) / 1024.0) : "n/a (" + out.strip().lines().findFirst().orElse("no output") + ")";
    }

    /** The JVM's maximum heap in MB ({@code jcmd PID VM.flags}: MaxHeapSize), or -1. */
    long maxHeapMb() {
        Matcher m = Pattern.compile("MaxHeapSize=(\\d+)").matcher(jcmd("VM.flags"));
        return m.find() ? Long.parseLong(m.group(1)) / (1024 * 1024) : -1;
    }

    private String jcmd(String what) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), what).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "jcmd failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Stops the server by PID: SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        Process p = process;
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static final Pattern ROUTINE = Pattern.compile("^\\$ |org\\.eclipse\\.jetty|store opened at|store at .* closed"
            + "|serving SyncML at|created account|authenticated$");

    /**
     * The JVM's lines saying it did not use the class-data-sharing archive (a jar moved or rebuilt
     * since the archive was made, another JDK): the start and CPU figures are then without it.
     */
    public List<String> archiveWarnings() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> ARCHIVE_UNUSED.matcher(l).find()).toList();
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e);
        }
    }

    private static final Pattern ARCHIVE_UNUSED = Pattern.compile("\\[(warning|error)\\]\\[cds");

    /** The server log without its routine lines (commands, Jetty and store start/stop, logins), for the notes. */
    @Override
    public List<String> notableLogLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !ROUTINE.matcher(l).find()).toList();
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e);
        }
    }
}
