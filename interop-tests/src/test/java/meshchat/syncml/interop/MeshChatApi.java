package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The server's JSON API as one user sees it (HTTP Basic): {@code GET /api/messages?limit=N}
 * (newest first), {@code POST /api/messages} {@code {call_sign, channel, message}} → 201,
 * {@code DELETE /api/messages/{id}} → 204 for admins, 403 for others. Requests go through
 * {@link LoopbackHttp} (no connection stays open to hold the server's stop).
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

    MeshChatApi(MeshChatServer server, String user, String password) {
        this.server = server;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /api/messages?limit=N}, newest first. */
    List<ApiMessage> messages(int limit) {
        ContentResponse r = send(request("/api/messages?limit=" + limit).method(HttpMethod.GET));
        String body = LoopbackHttp.body(r);
        assertEquals(200, r.getStatus(), () -> "GET /api/messages: " + r.getStatus() + " " + body);
        try {
            List<ApiMessage> list = new ArrayList<>();
            for (JsonNode n : JSON.readTree(body)) {
                list.add(new ApiMessage(n.path("id").asText(), n.path("epoch").asLong(), n.path("message").asText(),
                        n.path("call_sign").asText(), n.path("node").asText(), n.path("platform").asText(),
                        n.path("channel").asText()));
            }
            return list;
        } catch (IOException e) {
            throw new AssertionError("GET /api/messages returned no JSON array: " + body, e);
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
        ContentResponse r = send(request("/api/messages").method(HttpMethod.POST)
                .body(new StringRequestContent("application/json", body.toString(), StandardCharsets.UTF_8)));
        assertEquals(201, r.getStatus(), () -> "POST /api/messages " + body + ": " + r.getStatus() + " " + LoopbackHttp.body(r));
    }

    /** {@code DELETE /api/messages/{id}}; returns the HTTP status. */
    int delete(String id) {
        return send(request("/api/messages/" + id).method(HttpMethod.DELETE)).getStatus();
    }

    private Request request(String path) {
        return LoopbackHttp.request(server.uri(path))
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization).put(HttpHeader.ACCEPT, "application/json"));
    }

    private ContentResponse send(Request request) {
        try {
            return LoopbackHttp.send(request);
        } catch (ExecutionException e) {
            throw new AssertionError(request.getMethod() + " " + request.getURI() + " failed: " + e.getCause()
                    + "\nserver log:\n" + server.tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
