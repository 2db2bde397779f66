package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.http.HttpServer;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * user add|list|passwd|remove through a running server's admin endpoint (assembled as ServeCommand
 * does), and the fallback to the store when the admin file is stale. The CLI reads the admin
 * file from its own --data folder: so a command that went to the store instead would leave the
 * server's store unchanged and create a database in that folder, which the tests check.
 */
class AdminEndpointTest {
    @TempDir
    Path tmp;
    Path serverData;
    Path cliData;
    Store store;
    Server server;
    AdminEndpoint admin;
    AdminFile file;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        serverData = tmp.resolve("server");
        cliData = Files.createDirectories(tmp.resolve("cli"));
        store = Store.open(serverData);
        SyncServer engine = new SyncServer(store, new ServerConfig("node-t", "meshchat", "", 1_000_000, 4_000_000,
                Duration.ofMinutes(5)), Clock.systemUTC());
        server = HttpServer.assemble("127.0.0.1", 0, "/sync", store, engine, "node-t", 2_000_000, Clock.systemUTC());
        file = AdminFile.fresh(0);
        admin = AdminEndpoint.install(server, store, file.token());
        server.start();
        file = new AdminFile(admin.port(), file.token());
        file.write(cliData);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        store.close();
    }

    CliRun user(String stdin, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = cliData.toString();
        return CliRun.run(new UserCommand(), stdin, all);
    }

    @Test
    void everyUserCommandWorksThroughTheRunningServer() {
        CliRun r = user("secret\n", "add", "alice", "--admin", "--call-sign", "KA1ICE");
        assertEquals(0, r.exit(), r.err());
        assertEquals("created account alice (admin), call sign KA1ICE\n", r.out());
        assertEquals(0, user("pw\n", "add", "node2", "--peer").exit());
        assertTrue(store.read(tx -> tx.account("alice")).orElseThrow().checkPassword("secret"), "in the server's store");

        r = user("", "list");
        assertEquals(0, r.exit(), r.err());
        assertEquals("alice (admin), call sign KA1ICE\nnode2 (peer node), call sign NODE2\n", r.out());

        r = user("changed\n", "passwd", "alice");
        assertEquals(0, r.exit(), r.err());
        assertEquals("changed the password of account alice\n", r.out());
        Account a = store.read(tx -> tx.account("alice")).orElseThrow();
        assertTrue(a.checkPassword("changed") && a.admin() && a.callSign().equals("KA1ICE"), "only the password changed");

        r = user("", "remove", "node2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("removed account node2\n", r.out());
        assertTrue(store.read(tx -> tx.account("node2")).isEmpty());

        r = user("", "remove", "node2");
        assertEquals(1, r.exit());
        assertEquals("no account node2\n", r.err());
        r = user("x\n", "passwd", "nobody");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("no account nobody"), r.err());
        r = user("x\n", "add", "a:b");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("account name must be"), r.err());

        assertFalse(Files.exists(cliData.resolve("db")), "no command opened a store of its own");
    }

    @Test
    void theEndpointWantsTheTokenAndItsOwnConnector() throws Exception {
        String url = "http://127.0.0.1:" + admin.port() + AdminEndpoint.PATH;
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + "0".repeat(64))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + file.token())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("no accounts\n", ok.body());
        // the mesh-facing connector does not know /admin/, even with the token; its other routes still work
        int main = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + main + AdminEndpoint.PATH))
                .header("Authorization", "Bearer " + file.token()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + main + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        // the admin connector serves nothing else
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(AdminFile.path(cliData))));
    }

    /**
     * Both connectors are measured in /metrics, each under its own name: two unnamed connectors
     * made the same meter twice (Micrometer warned at every start and dropped the admin one's).
     */
    @Test
    void metricsTellTheTwoConnectorsApart() throws Exception {
        int main = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + main + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^jetty_connections_max_connections\\{[^}]*connector_name=\"([^\"]*)\"")
                .matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertEquals(java.util.Set.of(AdminEndpoint.CONNECTOR, HttpServer.MAIN_CONNECTOR), names, body);
    }

    @Test
    void aStaleAdminFileFallsBackToTheStore() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        new AdminFile(closedPort, file.token()).write(other);
        CliRun r = CliRun.run(new UserCommand(), "pw\n", "add", "bob", "--data", other.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("created account bob, call sign BOB\n", r.out());
        try (Store s = Store.open(other)) {
            assertTrue(s.read(tx -> tx.account("bob")).isPresent(), "written to the folder's own store");
        }
        assertTrue(store.read(tx -> tx.account("bob")).isEmpty());
    }
}
