package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The server's JSON API as one user sees it (HTTP Basic): {@code GET /api/messages?limit=N}
 * (newest first), {@code POST /api/messages} {@code {call_sign, channel, message}} → 201,
 * {@code DELETE /api/messages/{id}} → 204 for admins, 403 for others.
 */
final class MeshChatApi {

    /** One message as the API lists it. */
    record ApiMessage(String id, long epoch, String message, String callSign, String node, String platform,
            String channel) {

        /** The message text normalised like memo text (line ends, trailing whitespace). */
        String text() {
            return SyncEvolutionClient.normalise(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeshChatServer server;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MeshChatApi(MeshChatServer server, String user, String password) {
        this.server = server;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /api/messages?limit=N}, newest first. */
    List<ApiMessage> messages(int limit) {
        HttpResponse<String> r = send(request("/api/messages?limit=" + limit).GET());
        assertEquals(200, r.statusCode(), () -> "GET /api/messages: " + r.statusCode() + " " + r.body());
        try {
            List<ApiMessage> list = new ArrayList<>();
            for (JsonNode n : JSON.readTree(r.body())) {
                list.add(new ApiMessage(n.path("id").asText(), n.path("epoch").asLong(), n.path("message").asText(),
                        n.path("call_sign").asText(), n.path("node").asText(), n.path("platform").asText(),
                        n.path("channel").asText()));
            }
            return list;
        } catch (IOException e) {
            throw new AssertionError("GET /api/messages returned no JSON array: " + r.body(), e);
        }
    }

    /** All message texts (normalised), sorted; a multiset, so duplicates show. */
    List<String> texts() {
        return messages(5_000).stream().map(ApiMessage::text).sorted().toList();
    }

    /** {@code POST /api/messages}; asserts 201. */
    void post(String callSign, String channel, String message) {
        ObjectNode body = JSON.createObjectNode().put("call_sign", callSign).put("channel", channel)
                .put("message", message);
        HttpResponse<String> r = send(request("/api/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
        assertEquals(201, r.statusCode(), () -> "POST /api/messages " + body + ": " + r.statusCode() + " " + r.body());
    }

    /** {@code DELETE /api/messages/{id}}; returns the HTTP status. */
    int delete(String id) {
        return send(request("/api/messages/" + id).DELETE()).statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e
                    + "\nserver log:\n" + server.tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
