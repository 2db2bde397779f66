package meshchat.syncml.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * The class-data-sharing training run of {@code mvn package} (issue 10: startup). The build runs
 * {@code java -XX:ArchiveClassesAtExit=target/meshchat-syncml.jsa -cp target/meshchat-syncml.jar
 * meshchat.syncml.cli.CdsTraining target/cds-training target/cds-training.log}: this serves on a free loopback port from a
 * fresh data folder, asks for {@code GET /} and {@code /status.txt} while the store opens and again
 * once it is open, then exits; the JVM writes every class it loaded to the archive, which
 * {@code -XX:SharedArchiveFile=} maps at the next start instead of reading and verifying them from
 * the jar. No network (loopback only, a fixed node name), no environment or config file, no
 * process left behind. It exits non-zero when the server did not answer (one line on stderr): the
 * JVM still writes an archive then, and the caller decides (the build keeps it, the unit drops it).
 */
public final class CdsTraining {
    /** One deadline for all attempts: a training that cannot finish in a minute is not worth waiting for. */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Attempts when another process took the free port between asking and binding (exit 2). */
    static final int ATTEMPTS = 3;

    private CdsTraining() {
    }

    /**
     * @param args the training data folder (emptied first); optionally a log file that takes the
     *     training server's output, so that only the one-line verdict reaches the console
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "target/cds-training");
        PrintStream console = System.err;
        if (args.length > 1) {
            PrintStream log = new PrintStream(Files.newOutputStream(Path.of(args[1])), true, StandardCharsets.UTF_8);
            System.setOut(log); // before logging starts: its console appender writes to System.out
            System.setErr(log);
        }
        Thread logging = new Thread(LoggingUp::await, "logging-setup"); // as Main does
        logging.setDaemon(true);
        logging.start();
        int code = run(data, "127.0.0.1", "127.0.0.1", CdsTraining::freePort, ATTEMPTS, DEADLINE);
        if (code != 0) {
            console.println("WARNING: cds training failed (exit " + code + (code == 2 ? ": the server refused to start" : ": no answer within "
                    + DEADLINE.toSeconds() + " s") + "); the class-data-sharing archive only speeds up the start, "
                    + "the server runs without it" + (args.length > 1 ? "; see " + args[1] : ""));
        }
        System.out.flush();
        System.exit(code); // also stops a server that did not answer (the serve command's shutdown hook)
    }

    /**
     * Trains until the server answered once the store is open: 0; 2 when every attempt was refused
     * (port taken, data folder unusable); 1 when the deadline passed first (that server is left to
     * the JVM's exit). Only a refused attempt is retried: it has stopped itself, so at most one
     * training server ever runs; each attempt gets a fresh data folder.
     */
    static int run(Path data, String serveHost, String askHost, IntSupplier ports, int attempts, Duration deadline)
            throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        deleteTree(data);
        int code = 2;
        for (int attempt = 0; attempt < attempts && code == 2 && System.nanoTime() < end; attempt++) {
            code = train(data.resolve("attempt-" + attempt), serveHost, askHost, ports.getAsInt(), end);
        }
        return code;
    }

    private static int train(Path data, String serveHost, String askHost, int port, long end) throws Exception {
        String[] serve = {"serve", "--host", serveHost, "--port", Integer.toString(port), "--data", data.toString(),
                "--node", "cds-training"};
        CompletableFuture<Integer> server = new CompletableFuture<>();
        Thread t = new Thread(() -> server.complete(Main.run(Map.of(), serve, new PrintWriter(System.err, true))), "serve");
        t.setDaemon(true);
        t.start();
        boolean starting = false;
        while (!server.isDone()) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return 1;
            }
            String page = get(askHost, port, "/status.txt", "text/plain", left, server::isDone);
            if (page != null && page.startsWith("HTTP/1.1 200")) {
                get(askHost, port, "/", "text/html", left, server::isDone);
                if (!page.contains("store: starting")) {
                    return 0;
                }
                starting = true;
            }
            Thread.sleep(starting ? 50 : 10);
        }
        int code = server.join();
        return code == 0 ? 1 : code; // the serve command returned without being asked to stop
    }

    /**
     * One HTTP/1.1 GET over a plain socket (few classes of its own); null if nothing listens yet,
     * or once {@code serverGone}: when our server refused to start, the port may belong to another
     * process that never answers, and waiting out the whole read timeout would stall each attempt.
     */
    static String get(String host, int port, String path, String accept, long maxMillis, BooleanSupplier serverGone) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(10_000, maxMillis));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(2000, maxMillis)));
            s.setSoTimeout(250);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return page.toString(StandardCharsets.UTF_8);
                    }
                    page.write(buffer, 0, n);
                } catch (SocketTimeoutException e) {
                    if (serverGone.getAsBoolean() || System.nanoTime() > end) {
                        return null;
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
