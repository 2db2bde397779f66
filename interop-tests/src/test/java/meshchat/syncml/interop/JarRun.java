package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code java -jar meshchat-syncml.jar ...} child process with a chosen environment, its
 * output (stdout and stderr together) in a file: for the operator-interface tests (settings,
 * accounts while running). Run with the README's JVM options ({@link #jvmOptions}). Stopped by
 * PID: SIGTERM, then SIGKILL after 20 s.
 */
final class JarRun implements AutoCloseable {
    private final Process process;
    private final Path output;

    private JarRun(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static Path jar() {
        String property = System.getProperty("meshchat.jar");
        if (property == null || property.isBlank() || !Files.isRegularFile(Path.of(property))) {
            fail("system property meshchat.jar does not name the built jar; run with 'mvn verify' (failsafe sets it)");
        }
        return Path.of(property).toAbsolutePath();
    }

    /**
     * The README's run options: the C1 compiler only and one GC thread (a faster start, less CPU
     * beside the client a test runs), and the class-data-sharing archive {@code mvn package}
     * writes beside the jar, only if it is there (without the file the JVM would start without
     * even its own class sharing). With CDS logging off: a stale archive (a jar rebuilt with
     * -Dcds.skip=true) costs only speed, never a warning line in the output a test reads.
     */
    static List<String> jvmOptions(Path jar) {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        Path archive = jar.resolveSibling("meshchat-syncml.jsa");
        if (Files.isRegularFile(archive)) {
            options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        return options;
    }

    /** Starts the jar with args; env entries are added to (or, with a null value, removed from) the inherited environment. */
    static JarRun start(Path workDir, Map<String, String> env, String stdin, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m"));
        command.addAll(jvmOptions(jar()));
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workDir, "jar-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("MESHCHAT_")); // only what the test sets
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            return new JarRun(p, out);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e, e);
        }
    }

    /** Runs to the end (at most 90 s) and returns the exit code. */
    int exit() {
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                close();
                fail("the jar did not exit within 90 s; output:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** Waits (at most 60 s) until a line of the output contains text; fails if the process exits first. */
    String awaitLine(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output().split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                fail("exited " + process.exitValue() + " before printing '" + text + "'; output:\n" + output());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        fail("no line with '" + text + "' within 60 s; output:\n" + output());
        return null;
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + output + ": " + e + ">";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ports {@link #freePort()} has handed out in this JVM. */
    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    /**
     * A loopback port free now and not handed out before in this JVM: the kernel gives a port just
     * released again, so two servers prepared before either starts would otherwise share one.
     */
    static synchronized int freePort() {
        List<ServerSocket> refused = new ArrayList<>(); // kept bound so the next bind gets another port
        try {
            for (int attempt = 0; attempt < 100; attempt++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                int port = s.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    s.close();
                    return port;
                }
                refused.add(s);
            }
        } catch (IOException e) {
            throw new AssertionError("no free port: " + e, e);
        } finally {
            for (ServerSocket s : refused) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // released anyway on exit
                }
            }
        }
        throw new AssertionError("no free port not handed out before in 100 attempts");
    }
}
