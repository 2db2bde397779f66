package meshchat.syncml.http;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The real server for in-process tests: Derby in a folder, Jetty on an ephemeral port of 127.0.0.1
 * with every route (/sync, /api/, /metrics), as ServeCommand assembles it.
 */
final class SyncEndpoint implements AutoCloseable {
    final Store store;
    final SyncServer engine;
    final String url;
    /** http://127.0.0.1:port, for /metrics and /api/. */
    final String base;
    private final Server server;

    private SyncEndpoint(Store store, SyncServer engine, Server server, String base) {
        this.store = store;
        this.engine = engine;
        this.server = server;
        this.base = base;
        this.url = base + "/sync";
    }

    /** Accounts alice/secret (call sign N0CALL) and root/admin (admin, K1ADM). */
    static SyncEndpoint start(Path data) throws Exception {
        return start(data, defaultConfig());
    }

    static SyncEndpoint start(Path data, ServerConfig.Guards guards) throws Exception {
        return start(data, defaultConfig().withGuards(guards));
    }

    private static ServerConfig defaultConfig() {
        return new ServerConfig("node-t", "meshchat", "", 1_000_000, 4_000_000, Duration.ofMinutes(5));
    }

    /** The same with another engine configuration (limits). */
    static SyncEndpoint start(Path data, ServerConfig config) throws Exception {
        return start(data, config, 0);
    }

    /** A restart on the port an earlier endpoint had (0: any), so its clients' URL still works. */
    static SyncEndpoint restart(Path data, int port) throws Exception {
        return start(data, defaultConfig(), port);
    }

    /** The port this endpoint listens on. */
    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static SyncEndpoint start(Path data, ServerConfig config, int port) throws Exception {
        Store store = Store.open(data);
        store.write(tx -> {
            tx.putAccount(new Account("alice", Account.md5Digest("alice", "secret"), false, "N0CALL"));
            tx.putAccount(new Account("root", Account.md5Digest("root", "admin"), true, "K1ADM"));
            return null;
        });
        SyncServer engine = new SyncServer(store, config, Clock.systemUTC());
        Server server = HttpServer.assemble("127.0.0.1", port, "/sync", store, engine, "node-t", 2_000_000, Clock.systemUTC());
        server.start();
        int bound = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return new SyncEndpoint(store, engine, server, "http://127.0.0.1:" + bound);
    }

    @Override
    public void close() throws Exception {
        server.stop();
        store.close();
    }
}
