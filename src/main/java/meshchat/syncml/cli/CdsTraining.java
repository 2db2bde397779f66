package meshchat.syncml.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The class-data-sharing training run of {@code mvn package} (issue 10: startup). The build runs
 * {@code java -XX:ArchiveClassesAtExit=target/meshchat-syncml.jsa -cp target/meshchat-syncml.jar
 * meshchat.syncml.cli.CdsTraining target/cds-training}: this serves on a free loopback port from a
 * fresh data folder, asks for {@code GET /} and {@code /status.txt} while the store opens and again
 * once it is open, then exits; the JVM writes every class it loaded to the archive, which
 * {@code -XX:SharedArchiveFile=} maps at the next start instead of reading and verifying them from
 * the jar. No network (loopback only, a fixed node name), no environment or config file, no
 * process left behind.
 */
public final class CdsTraining {
    private static final long DEADLINE_SECONDS = 120;

    private CdsTraining() {
    }

    /** @param args the training data folder (emptied first) */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "target/cds-training");
        deleteTree(data);
        Thread logging = new Thread(org.slf4j.LoggerFactory::getILoggerFactory, "logging-setup"); // as Main does
        logging.setDaemon(true);
        logging.start();
        int code = 1;
        for (int attempt = 0; attempt < 3 && code != 0; attempt++) { // another process may take the free port first
            code = train(data, freePort());
        }
        System.out.println("cds training: " + (code == 0 ? "done" : "the server did not answer; the archive may miss classes"));
        System.exit(0); // the JVM writes the archive on exit; a poor archive still works
    }

    private static int train(Path data, int port) throws Exception {
        String[] serve = {"serve", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", data.toString(),
                "--node", "cds-training"};
        CompletableFuture<Integer> server = new CompletableFuture<>();
        Thread t = new Thread(() -> server.complete(Main.run(Map.of(), serve, new PrintWriter(System.err, true))), "serve");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        boolean starting = false;
        while (System.nanoTime() < deadline && !server.isDone()) {
            String page = get(port, "/status.txt", "text/plain");
            if (page != null && page.startsWith("HTTP/1.1 200")) {
                get(port, "/", "text/html");
                if (!page.contains("store: starting")) {
                    return 0;
                }
                starting = true;
            }
            Thread.sleep(starting ? 50 : 10);
        }
        return server.isDone() ? server.join() : 1;
    }

    /** One HTTP/1.1 GET over a plain socket (few classes of its own); null if nothing listens yet. */
    static String get(int port, String path, String accept) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
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
