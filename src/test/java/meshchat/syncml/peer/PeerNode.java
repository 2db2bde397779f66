package meshchat.syncml.peer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.http.HttpServer;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;

/**
 * A real node for peer tests (as http's SyncEndpoint, which this package cannot see): Derby in a
 * folder, every route on an ephemeral port of 127.0.0.1, and the connector's own byte counters,
 * which see what really crossed the socket. Account "peer"/"peerpw" is a peer-node account.
 */
final class PeerNode implements AutoCloseable {
    final Store store;
    final String url;
    final ConnectionStatistics wire = new ConnectionStatistics();
    /** Requests to the change check (GET /sync/changes), answered or not. */
    final AtomicInteger changeChecks = new AtomicInteger();
    private final Server server;

    PeerNode(Path data, String nodeName) throws Exception {
        this(data, nodeName, true);
    }

    /** @param changeCheck false: an older node, which answers 404 to GET /sync/changes */
    PeerNode(Path data, String nodeName, boolean changeCheck) throws Exception {
        store = Store.open(data);
        store.write(tx -> {
            tx.putAccount(Account.peerNode("peer", "peerpw"));
            return null;
        });
        ServerConfig config = new ServerConfig(nodeName, "meshchat", "", 1_000_000, 4_000_000, Duration.ofMinutes(5));
        SyncServer engine = new SyncServer(store, config, Clock.systemUTC());
        server = HttpServer.assemble("127.0.0.1", 0, "/sync", store, engine, nodeName, 2_000_000, Clock.systemUTC());
        server.getConnectors()[0].addBean(wire);
        Handler routes = server.getHandler();
        server.setHandler(new Handler.Wrapper(routes) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (request.getHttpURI().getPath().endsWith("/changes")) {
                    changeChecks.incrementAndGet();
                    if (!changeCheck) {
                        Response.writeError(request, response, callback, 404);
                        return true;
                    }
                }
                return super.handle(request, response, callback);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/sync";
    }

    @Override
    public void close() throws Exception {
        server.stop();
        store.close();
    }
}
