package meshchat.syncml.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A SyncML server that {@link SyncMlBenchmark} measures: our jar ({@link BenchServer}) or {@link SyncEvoHttpServer}. */
interface BenchTarget extends AutoCloseable {

    /** The column name in the report, e.g. "ours" or "syncevo-http-server". */
    String name();

    /** How the server is run (the command line), for the report's header. */
    String command();

    /** The loopback port the server listens on (the proxy forwards there). */
    int port();

    /** Lets a client with this SyncML device ID sync as the benchmark user; before {@link #start()}. */
    void addClient(String deviceId) throws Exception;

    /** Starts the server; returns the seconds from the first process start until {@code GET /} got an answer. */
    double start() throws Exception;

    /** The root processes of the running server (the sampler adds their descendants). */
    List<ProcessHandle> processes();

    /** Items the server holds now, or -1 if it cannot tell. */
    long stored();

    /** Lines of the server's log worth reading after a failure. */
    List<String> notableLogLines();

    /** Stops every process it started, by PID. */
    void stop() throws InterruptedException;

    @Override
    default void close() throws InterruptedException {
        stop();
    }

    /** {@code GET /} on a fresh connection with Connection: close; the whole response, or null if nothing answers. */
    static String get(int port, String path) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException notYet) {
            return null;
        }
    }
}
