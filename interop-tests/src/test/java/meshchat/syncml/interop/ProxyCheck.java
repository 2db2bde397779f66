package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Proves, before {@link SyncMlBenchmark} counts anything, that its {@link CountingProxy} sees every
 * message of a session: our server builds its RespURI from the Host header, so the later messages
 * must come back through the proxy. Checked at loglevel 4 (untimed), where the client dumps each
 * message it generated: its POSTs must equal its dumps minus the final status-only message it never
 * sends (reference gotcha 9). For syncevo-http-server the RespURI comes from the URL it is given,
 * which names the proxy ({@link SyncEvoHttpServer}).
 */
final class ProxyCheck {

    /** Makes a client at the given loglevel, syncing through the proxy. */
    interface Clients {
        SyncEvolutionClient create(Path root, CountingProxy proxy, boolean wbxml, int loglevel);
    }

    final List<String> lines = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    void run(Path root, Path jar, List<String> jvmArgs, List<String> serveArgs, List<Boolean> encodings, Clients clients)
            throws Exception {
        MeshChatServer prepared = MeshChatServer.create(root.resolve("server"))
                .addUser(SyncMlBenchmark.USER, SyncMlBenchmark.PASSWORD, false);
        try (BenchServer server = new BenchServer(BenchReport.OURS, jar, prepared, jvmArgs, serveArgs);
             CountingProxy proxy = new CountingProxy(server.port())) {
            server.start();
            for (boolean wbxml : encodings) {
                SyncEvolutionClient up = clients.create(root.resolve("up-" + wbxml), proxy, wbxml, 4);
                for (int i = 0; i < 1000; i++) {
                    Files.writeString(up.memoDir().resolve("m" + i), SyncMlBenchmark.memo("verify-" + wbxml, i),
                            StandardCharsets.UTF_8);
                }
                check(wbxml, "slow sync, 1,000 up", up.sync(SLOW), proxy.take(), proxy.port());
                SyncEvolutionClient down = clients.create(root.resolve("down-" + wbxml), proxy, wbxml, 4);
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
        lines.add(line);
        if (!ok) {
            failures.add("proxy check: " + line + "\n" + r.describe());
        }
    }
}
