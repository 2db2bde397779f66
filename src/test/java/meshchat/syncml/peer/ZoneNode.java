package meshchat.syncml.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.engine.ZoneCatchUp;
import meshchat.syncml.http.HttpServer;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.Tombstone;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One server of a test zone, as ServeCommand assembles it: real Derby in its own folder, real
 * Jetty on 127.0.0.1 (an ephemeral port at first, the same port after a restart, so its peers'
 * client-role state, keyed by URL, still applies), and a Jetty HTTP client bound to the node's
 * own loopback address (127.0.0.(10+i)) for its peer sessions and API calls, so each node speaks
 * from its own host. Accounts: {@code admin} (call sign K{i}ADM), {@code memo} (N{i}MEM, a plain
 * user) and one peer account {@code peer-j} for every other node j. A node that is the client of
 * a link (as {@code serve --peer}) holds memo slow syncs after each start until one of its peer
 * sessions completes ({@link ZoneCatchUp}).
 */
final class ZoneNode implements AutoCloseable {
    static final String ADMIN_PASSWORD = "adminpw";
    static final String MEMO_PASSWORD = "memopw";

    final int index;
    final String name;
    final Path dir;
    final String address;
    final HttpClient http;
    /** Whether this node runs the client role of some link (serve --peer): then it holds memo slow syncs after a start. */
    final boolean withPeers;
    private ZoneCatchUp catchUp = ZoneCatchUp.none();
    private int port;
    private Store store;
    private Server jetty;

    /**
     * @param template a closed store folder with the schema applied, copied as this node's folder
     *                 (creating the schema takes seconds per store; copying it, milliseconds)
     */
    ZoneNode(int index, Path dir, Path template, int zoneSize) throws Exception {
        this(index, dir, template, zoneSize, false);
    }

    /** @param withPeers see {@link #withPeers} */
    ZoneNode(int index, Path dir, Path template, int zoneSize, boolean withPeers) throws Exception {
        this.index = index;
        this.withPeers = withPeers;
        this.name = "node-" + index;
        this.dir = dir;
        this.address = "127.0.0." + (10 + index);
        http = new HttpClient();
        http.setBindAddress(new InetSocketAddress(address, 0));
        // as PeerLinks' client: no User-Agent, no compression offer, no redirects (the bytes a poll costs)
        http.setUserAgentField(null);
        http.getContentDecoderFactories().clear();
        http.setFollowRedirects(false);
        http.start();
        copyTree(template, dir);
        start();
        store.write(tx -> {
            tx.putAccount(Account.admin("admin", ADMIN_PASSWORD, "K" + index + "ADM"));
            tx.putAccount(Account.user("memo", MEMO_PASSWORD, "N" + index + "MEM"));
            for (int j = 0; j < zoneSize; j++) {
                if (j != index) {
                    tx.putAccount(Account.peerNode(peerUser(j), peerPassword(j)));
                }
            }
            return null;
        });
    }

    /** The account node j logs in with on every other node. */
    static String peerUser(int j) {
        return "peer-" + j;
    }

    static String peerPassword(int j) {
        return "pw-of-node-" + j;
    }

    String syncUrl() {
        return "http://127.0.0.1:" + port + "/sync";
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    Store store() {
        if (store == null) {
            throw new IllegalStateException(name + " is stopped");
        }
        return store;
    }

    /** This start's latch: the node's peer sessions open it (see {@link ZonePeerSessions}). */
    ZoneCatchUp catchUp() {
        return catchUp;
    }

    boolean running() {
        return store != null;
    }

    void start() throws Exception {
        store = Store.open(dir);
        catchUp = withPeers ? ZoneCatchUp.awaitingPeers() : ZoneCatchUp.none(); // since this start, as in ServeCommand
        SyncServer engine = new SyncServer(store, ServerConfig.defaults(name).withCatchUp(catchUp), Clock.systemUTC());
        jetty = HttpServer.assemble("127.0.0.1", port, "/sync", store, engine, name, 4_000_000, Clock.systemUTC());
        jetty.start();
        port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
            jetty = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** A fresh store folder with the schema applied, to copy for each node (see the constructor). */
    static Path template(Path folder) {
        if (!Files.isDirectory(folder.resolve("db"))) {
            Store.open(folder).close();
        }
        return folder;
    }

    /** Copies the (stopped) node's data folder, as an operator's backup. */
    void backupTo(Path copy) {
        requireStopped();
        copyTree(dir, copy);
    }

    /** Replaces the (stopped) node's data folder by an old backup. */
    void restoreFrom(Path copy) {
        requireStopped();
        deleteTree(dir);
        copyTree(copy, dir);
    }

    /** Posts as admin through the JSON API; returns the stored message's GUID. */
    MessageId post(String text, String callSign, String channel) throws Exception {
        StringBuilder json = new StringBuilder("{\"message\":").append(quote(text));
        if (callSign != null) {
            json.append(",\"call_sign\":").append(quote(callSign));
        }
        json.append(",\"channel\":").append(quote(channel)).append('}');
        ContentResponse r = api(HttpMethod.POST, "/api/messages", json.toString());
        if (r.getStatus() != 201) {
            throw new IllegalStateException(name + ": POST /api/messages answered " + r.getStatus() + " " + r.getContentAsString());
        }
        String location = r.getHeaders().get("Location");
        return new MessageId(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Purges as admin through the JSON API; returns the HTTP status (204, or 404 when gone). */
    int purge(MessageId id) throws Exception {
        return api(HttpMethod.DELETE, "/api/messages/" + id.value(), null).getStatus();
    }

    private ContentResponse api(HttpMethod method, String path, String json) throws Exception {
        var request = http.newRequest(base() + path).method(method).headers(h -> h.put("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))));
        if (json != null) {
            request.body(new StringRequestContent("application/json", json));
        }
        return request.send();
    }

    /** Every stored message (hidden ones too), by GUID. */
    Map<String, Message> messages() {
        Map<String, Message> out = new TreeMap<>();
        for (Message m : store().read(tx -> tx.visible(null))) {
            out.put(m.id().value(), m);
        }
        return out;
    }

    /** Every tombstone's GUID with its purge time. */
    Map<String, Instant> tombstones() {
        Map<String, Instant> out = new TreeMap<>();
        for (Tombstone t : store().read(tx -> tx.tombstonesSince(Instant.EPOCH))) {
            out.put(t.id().value(), t.purgedAt());
        }
        return out;
    }

    private void requireStopped() {
        if (store != null) {
            throw new IllegalStateException(name + " must be stopped to copy its data folder");
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            http.stop();
        }
    }
}
