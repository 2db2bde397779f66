package meshchat.syncml.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.engine.TombstonePruner;
import meshchat.syncml.http.HttpServer;
import meshchat.syncml.legacy.V2NodeStatus;
import meshchat.syncml.peer.PeerStatus;
import meshchat.syncml.store.Store;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * What serve boots beside the HTTP connector (issue 10: startup): the store (Derby's boot and
 * recovery are most of the startup time), the tombstone pruner, the engine and the routes. Runs
 * on a thread of its own, so on two cores the connector and the store come up together.
 */
record Booted(Store store, SyncServer engine, Handler handler) {

    static CompletableFuture<Booted> start(Path data, ServerConfig config, Clock clock, Server server, String syncPath,
                                           String nodeName, Supplier<List<PeerStatus>> peers,
                                           Supplier<List<V2NodeStatus>> v2Nodes) {
        CompletableFuture<Booted> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(boot(data, config, clock, server, syncPath, nodeName, peers, v2Nodes));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "store-open");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static Booted boot(Path data, ServerConfig config, Clock clock, Server server, String syncPath,
                               String nodeName, Supplier<List<PeerStatus>> peers, Supplier<List<V2NodeStatus>> v2Nodes) {
        Store store = Store.open(data);
        try {
            TombstonePruner.start(store, config.tombstoneRetention(), clock); // a daemon thread: ends with the JVM
            SyncServer engine = new SyncServer(store, config, clock);
            Handler handler = HttpServer.handlers(server, syncPath, store, engine, nodeName,
                    2 * config.maxMsgSize(), clock, // slack for clients that measure loosely; still bounded
                    peers, v2Nodes);
            return new Booted(store, engine, handler);
        } catch (RuntimeException e) { // StoreException too
            store.close();
            throw e;
        }
    }

    /** After a failed start: closes the store once it is open (or gives up with its error). */
    static void closeWhenDone(CompletableFuture<Booted> booting) {
        try {
            booting.join().store().close();
        } catch (RuntimeException e) {
            // the store did not open either; the first error is the one reported
        }
    }
}
