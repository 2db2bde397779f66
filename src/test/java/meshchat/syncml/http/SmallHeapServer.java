package meshchat.syncml.http;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real endpoint ({@link SmallHeapServerMain}) in a child JVM of -Xmx64m with README's
 * small-host options, for tests of what a hostile client can make a small host hold.
 */
final class SmallHeapServer implements AutoCloseable {
    private final Process process;
    private final StringBuilder log = new StringBuilder();
    /** The SyncML endpoint's URL. */
    final String url;

    SmallHeapServer(Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), SmallHeapServerMain.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String base = null;
        for (String line; base == null && (line = r.readLine()) != null; ) {
            if (line.startsWith("PORT ")) {
                base = "http://127.0.0.1:" + line.substring(5).trim() + "/sync";
            }
        }
        if (base == null) {
            close();
            throw new IllegalStateException("the small-heap server did not start");
        }
        url = base;
        Thread pump = new Thread(() -> r.lines().forEach(l -> {
            synchronized (log) {
                log.append(l).append('\n');
            }
        }));
        pump.setDaemon(true);
        pump.start();
    }

    /** What the server printed after its port. */
    String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    /** Whether the log holds {@code text} within 30 s: a thread copies the child's output as it comes. */
    boolean logShows(String text) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!log().contains(text)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
