package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.DigestAuthentication;
import org.eclipse.jetty.client.StringRequestContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.store.Account;

/** HTTP Digest on the JSON API: Jetty's own Digest client logs in; no HA1, stale HA1 and replays are refused. */
class DigestAuthTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private static void storeHa1(SyncEndpoint e, String name, String password) {
        e.store.write(tx -> {
            tx.saveHttpDigestHa1(tx.account(name).orElseThrow(), HttpDigest.ha1(name, password));
            return null;
        });
    }

    /** Jetty's HttpClient with its DigestAuthentication: an independent implementation of RFC 7616. */
    private static org.eclipse.jetty.client.HttpClient jetty(SyncEndpoint e, String user, String password) throws Exception {
        org.eclipse.jetty.client.HttpClient c = new org.eclipse.jetty.client.HttpClient();
        c.start();
        c.getAuthenticationStore().addAuthentication(new DigestAuthentication(URI.create(e.base), HttpDigest.REALM, user,
                password));
        return c;
    }

    @Test
    void jettysDigestClientReadsAndPosts() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            storeHa1(e, "alice", "secret");
            org.eclipse.jetty.client.HttpClient c = jetty(e, "alice", "secret");
            try {
                ContentResponse post = c.POST(e.base + "/api/messages?x=1")
                        .body(new StringRequestContent("application/json", "{\"message\":\"via digest\"}")).send();
                assertEquals(201, post.getStatus(), post.getContentAsString());
                ContentResponse get = c.GET(e.base + "/api/messages?limit=5");
                assertEquals(200, get.getStatus());
                assertTrue(get.getContentAsString().contains("via digest"), get.getContentAsString());
            } finally {
                c.stop();
            }
            org.eclipse.jetty.client.HttpClient wrong = jetty(e, "alice", "guess");
            try {
                assertEquals(401, wrong.GET(e.base + "/api/messages").getStatus());
            } finally {
                wrong.stop();
            }
        }
    }

    @Test
    void challengeOffersDigestThenBasicAndThePageGetsItsOwnHeader() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(e.base + "/api/messages")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
            List<String> challenges = r.headers().allValues("WWW-Authenticate");
            assertEquals(2, challenges.size(), challenges.toString());
            assertTrue(challenges.get(0).startsWith("Digest realm=\"meshchat\", qop=\"auth\", algorithm=MD5, nonce=\""));
            assertEquals("Basic realm=\"meshchat\"", challenges.get(1));
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(e.base + "/api/messages"))
                    .header("X-MeshChat-Page", "1").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, page.statusCode());
            assertTrue(page.headers().allValues("WWW-Authenticate").isEmpty(), "no browser login box");
            assertTrue(page.headers().firstValue("X-MeshChat-Authenticate").orElse("").startsWith("Digest "));
        }
    }

    /** One Digest request by hand, so the test can replay it and choose nc. */
    private int digestGet(SyncEndpoint e, String user, String password, String nonce, String nc) throws Exception {
        String uri = "/api/messages?limit=1";
        String ha1 = HttpDigest.ha1(user, password);
        String response = HttpDigest.md5Hex(ha1 + ":" + nonce + ":" + nc + ":c0ffee:auth:" + HttpDigest.md5Hex("GET:" + uri));
        String header = "Digest username=\"" + user + "\", realm=\"meshchat\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", qop=auth, nc=" + nc + ", cnonce=\"c0ffee\", response=\"" + response + "\", algorithm=MD5";
        return http.send(HttpRequest.newBuilder(URI.create(e.base + uri)).header("Authorization", header).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String nonce(SyncEndpoint e) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(e.base + "/api/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> p = DigestAuth.params(r.headers().firstValue("WWW-Authenticate").orElseThrow().substring(7));
        return p.get("nonce");
    }

    @Test
    void aReplayedNonceCountIsRefused() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            storeHa1(e, "alice", "secret");
            String nonce = nonce(e);
            assertEquals(200, digestGet(e, "alice", "secret", nonce, "00000001"));
            assertEquals(401, digestGet(e, "alice", "secret", nonce, "00000001"), "the same request again");
            assertEquals(200, digestGet(e, "alice", "secret", nonce, "00000002"));
            assertEquals(401, digestGet(e, "alice", "secret", "bm90IG91cnM", "00000003"), "a nonce we did not make");
        }
    }

    @Test
    void anOldAccountGetsDigestAfterOneBasicLoginAndLosesItWhenThePasswordChanges() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            // alice was made with putAccount alone, as before version 7: no HA1
            assertEquals(401, digestGet(e, "alice", "secret", nonce(e), "00000001"));
            String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(e.base + "/api/messages"))
                    .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, digestGet(e, "alice", "secret", nonce(e), "00000001"));
            // a new password set by a path that knows nothing of HA1: the old HA1 is void, not a second password
            e.store.write(tx -> {
                tx.putAccount(new Account("alice", Account.md5Digest("alice", "changed"), false, "N0CALL"));
                return null;
            });
            assertEquals(401, digestGet(e, "alice", "secret", nonce(e), "00000001"));
            assertFalse(e.store.read(tx -> tx.httpDigestHa1(tx.account("alice").orElseThrow())).isPresent());
        }
    }
}
