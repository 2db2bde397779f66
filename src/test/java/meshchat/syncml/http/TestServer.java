package meshchat.syncml.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;

/** A real Jetty on port 0 over a real Derby store, with the API and status handlers and two accounts. */
final class TestServer implements AutoCloseable {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-26T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final String ADMIN = "admin:adminpw";
    static final String BOB = "bob:bobpw";

    final ManualClock clock = new ManualClock();
    final Store store;
    final Server server = new Server();
    final URI base;
    final HttpClient http = HttpClient.newHttpClient();

    TestServer(Path dir) throws Exception {
        store = Store.open(dir);
        store.write(tx -> {
            tx.putAccount(Account.withPassword("admin", "adminpw", true, "KA1DM"));
            tx.putAccount(Account.withPassword("bob", "bobpw", false, null));
            return null;
        });
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(new ApiHandler(store, "node1", clock),
                new StatusHandler(store, "node1", clock)));
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    HttpRequest.Builder request(String path, String credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (credentials != null) {
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String credentials) throws IOException, InterruptedException {
        return send(request(path, credentials).GET());
    }

    HttpResponse<String> post(String path, String credentials, String json) throws IOException, InterruptedException {
        return send(request(path, credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path, String credentials) throws IOException, InterruptedException {
        return send(request(path, credentials).DELETE());
    }

    @Override
    public void close() throws Exception {
        server.stop();
        store.close();
    }
}
