package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;

/** GET /sync/changes: the store's last change seq as a strong ETag, 304 only for a matching If-None-Match. */
class ChangesHandlerTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(SyncEndpoint e, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e.url + "/changes"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersTheLastChangeSeqAsAnETagAnd304OnlyWhenItMatches() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            HttpResponse<String> first = get(e);
            assertEquals(200, first.statusCode());
            assertEquals(Optional.of("\"0\""), first.headers().firstValue("ETag"));
            assertEquals("0\n", first.body());
            assertEquals(Optional.empty(), first.headers().firstValue("Server"), "no Server: Jetty(...) line");
            assertTrue(first.headers().firstValue("Date").isPresent(), "Date stays (RFC 9110)");

            HttpResponse<String> same = get(e, "If-None-Match", "\"0\"");
            assertEquals(304, same.statusCode());
            assertEquals("", same.body());
            assertEquals(Optional.of("\"0\""), same.headers().firstValue("ETag"));
            assertEquals(304, get(e, "If-None-Match", "\"7\", W/\"0\"").statusCode(), "a list, compared weakly");
            assertEquals(200, get(e, "If-None-Match", "\"1\"").statusCode(), "another ETag");
            assertEquals(200, get(e, "If-None-Match", "0").statusCode(), "an unquoted value is no entity tag");

            long seq = e.store.write(tx -> tx.addMessage(Message.create("0000000a", 1, "x", "K1", "n", "pi", ""), "t"));
            HttpResponse<String> after = get(e, "If-None-Match", "\"0\"");
            assertEquals(200, after.statusCode(), "a post changes the ETag");
            assertEquals(Optional.of("\"" + seq + "\""), after.headers().firstValue("ETag"));
            assertEquals(seq + "\n", after.body());
            assertEquals(304, get(e, "If-None-Match", "\"" + seq + "\"").statusCode());
        }
    }

    @Test
    void answersGetAndHeadOnly() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(e.url + "/changes"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals(Optional.of("\"0\""), head.headers().firstValue("ETag"));
            assertEquals("", head.body());
            assertEquals(Optional.empty(), head.headers().firstValue("Connection"), "nothing unread: the connection stays");
            for (String method : List.of("POST", "PUT", "DELETE")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(e.url + "/changes"))
                        .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, r.statusCode(), method);
                assertEquals(Optional.of("GET, HEAD"), r.headers().firstValue("Allow"));
                assertFalse(r.headers().firstValue("ETag").isPresent(), method + " learns nothing");
                // its body is left unread, so the connection closes after the reply: said, so the
                // client does not send its next request on it (that failed now and then under load)
                assertEquals(Optional.of("close"), r.headers().firstValue("Connection"), method);
            }
        }
    }

    @Test
    void thePathFollowsTheSyncPath() {
        assertEquals("/sync/changes", HttpServer.changesPath("/sync"));
        assertEquals("/sync/changes", HttpServer.changesPath("/sync/"));
        assertEquals("/changes", HttpServer.changesPath("/"));
    }
}
