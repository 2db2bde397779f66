package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.DigestAuthentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import meshchat.syncml.store.Account;

/** GET /api/me: who is logged in and whether they may purge, over Basic and Digest; 401 without. */
class ApiMeTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<String> get(SyncEndpoint e, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e.base + "/api/me"));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void basicAnswersTheAccountAndItsRights() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            e.store.write(tx -> {
                tx.putAccount(Account.peerNode("node-c", "relay"));
                return null;
            });
            JsonNode alice = JSON.readTree(get(e, "alice", "secret").body());
            assertEquals("alice", alice.get("name").asText());
            assertEquals("N0CALL", alice.get("call_sign").asText());
            assertEquals(false, alice.get("admin").asBoolean(true));
            assertEquals(false, alice.get("may_purge").asBoolean(true));
            assertEquals(4, alice.size(), alice.toString());
            JsonNode root = JSON.readTree(get(e, "root", "admin").body());
            assertEquals("K1ADM", root.get("call_sign").asText());
            assertEquals(true, root.get("admin").asBoolean(false));
            assertEquals(true, root.get("may_purge").asBoolean(false));
            JsonNode peer = JSON.readTree(get(e, "node-c", "relay").body());
            assertEquals(false, peer.get("admin").asBoolean(true));
            assertEquals(true, peer.get("may_purge").asBoolean(false), "a peer account may purge zone-wide");
        }
    }

    @Test
    void withoutOrWithWrongCredentialsItIs401() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            HttpResponse<String> none = get(e, null, null);
            assertEquals(401, none.statusCode());
            assertTrue(none.headers().allValues("WWW-Authenticate").get(0).startsWith("Digest "), none.headers().toString());
            assertTrue(!none.body().contains("alice"), none.body());
            assertEquals(401, get(e, "alice", "guess").statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(e.base + "/api/me"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    void digestAnswersTheAccount() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            e.store.write(tx -> {
                tx.saveHttpDigestHa1(tx.account("root").orElseThrow(), HttpDigest.ha1("root", "admin"));
                return null;
            });
            org.eclipse.jetty.client.HttpClient c = new org.eclipse.jetty.client.HttpClient();
            c.start();
            try {
                c.getAuthenticationStore().addAuthentication(new DigestAuthentication(URI.create(e.base), HttpDigest.REALM,
                        "root", "admin"));
                ContentResponse r = c.GET(e.base + "/api/me");
                assertEquals(200, r.getStatus(), r.getContentAsString());
                JsonNode root = JSON.readTree(r.getContentAsString());
                assertEquals("root", root.get("name").asText());
                assertEquals(true, root.get("may_purge").asBoolean(false));
            } finally {
                c.stop();
            }
        }
    }
}
