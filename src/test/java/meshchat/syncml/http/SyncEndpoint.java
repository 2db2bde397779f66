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

/** The real SyncML endpoint for in-process tests: Derby in a folder, Jetty on an ephemeral loopback port. */
final class SyncEndpoint implements AutoCloseable {
    final Store store;
    final String url;
    private final Server server;

    private SyncEndpoint(Store store, Server server, String url) {
        this.store = store;
        this.server = server;
        this.url = url;
    }

    /** Accounts alice/secret (call sign N0CALL) and root/admin (admin, K1ADM). */
    static SyncEndpoint start(Path data) throws Exception {
        return start(data, new ServerConfig("node-t", "meshchat", "", 1_000_000, 4_000_000, Duration.ofMinutes(5)));
    }

    /** The same with another engine configuration (limits). */
    static SyncEndpoint start(Path data, ServerConfig config) throws Exception {
        Store store = Store.open(data);
        store.write(tx -> {
            tx.putAccount(new Account("alice", Account.md5Digest("alice", "secret"), false, "N0CALL"));
            tx.putAccount(new Account("root", Account.md5Digest("root", "admin"), true, "K1ADM"));
            return null;
        });
        SyncServer engine = new SyncServer(store, config, Clock.systemUTC());
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(new SyncMlHandler(engine, 2_000_000));
        server.start();
        return new SyncEndpoint(store, server, "http://127.0.0.1:" + c.getLocalPort() + "/sync");
    }

    @Override
    public void close() throws Exception {
        server.stop();
        store.close();
    }
}
