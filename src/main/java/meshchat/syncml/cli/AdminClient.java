package meshchat.syncml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's way to a running server: finds {@link AdminFile} in the data folder and calls the
 * server's {@link AdminEndpoint}. Empty when no server holds the folder (no file, or nothing
 * answers at its port): then the CLI opens the store itself.
 */
final class AdminClient {
    /** The server's answer: its status and the line(s) to print. */
    record Answer(int status, String text) {
        boolean ok() {
            return status == 200;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AdminFile file;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminClient(AdminFile file) {
        this.file = file;
    }

    static Optional<AdminClient> find(Path dataDir) {
        return AdminFile.read(dataDir).map(AdminClient::new);
    }

    Optional<Answer> list() {
        return send(HttpRequest.newBuilder(uri("")).GET());
    }

    Optional<Answer> add(String name, String password, Boolean admin, Boolean peer, String callSign) {
        java.util.Map<String, Object> body = new java.util.HashMap<>();
        body.put("password", password);
        body.put("admin", admin);
        body.put("peer", peer);
        body.put("callSign", callSign);
        return send(HttpRequest.newBuilder(uri("/" + encode(name))).PUT(json(body)));
    }

    Optional<Answer> passwd(String name, String password) {
        return send(HttpRequest.newBuilder(uri("/" + encode(name) + "/password")).PUT(json(Map.of("password", password))));
    }

    Optional<Answer> remove(String name) {
        return send(HttpRequest.newBuilder(uri("/" + encode(name))).DELETE());
    }

    private URI uri(String rest) {
        return URI.create("http://127.0.0.1:" + file.port() + AdminEndpoint.PATH + rest);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpRequest.BodyPublisher json(Map<String, Object> body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empty when nothing listens at the port (a stale file); the server's answer otherwise. */
    private Optional<Answer> send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + file.token())
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String text = r.body().endsWith("\n") ? r.body().substring(0, r.body().length() - 1) : r.body();
            return Optional.of(new Answer(r.statusCode(), text));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Answer(0, "the running server's admin endpoint at port " + file.port() + " failed: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Answer(0, "interrupted"));
        }
    }
}
