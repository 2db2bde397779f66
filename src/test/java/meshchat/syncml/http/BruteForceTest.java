package meshchat.syncml.http;

import static meshchat.syncml.http.Cmds.alert;
import static meshchat.syncml.http.Cmds.hdr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 6: repeated wrong passwords are throttled (answered 401 without checking the
 * password), counted in /metrics, and the real owner still logs in meanwhile from her own host.
 * Counts, not times: each failure past the free ones doubles a back-off of at least a second, so
 * however slow the machine, 200 guesses can only be checked a handful of times.
 */
class BruteForceTest {
    @TempDir
    Path data;
    SyncEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private long metric(String name) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)(?:\\.0)?$").matcher(body);
        assertTrue(m.find(), name + " missing from /metrics:\n" + body);
        return Long.parseLong(m.group(1));
    }

    @Test
    void twoHundredWrongSyncMlPasswordsAreThrottledWhileTheOwnerLogsIn() throws Exception {
        try (TestSyncClient attacker = new TestSyncClient(endpoint.url, "evil-1", "alice", "wrong").from("127.0.0.2")) {
            attacker.retryOnChallenge = false;
            int refused = 0;
            for (int i = 0; i < 200; i++) {
                attacker.newSession(); // each guess on the nonce of the last challenge, as a client would
                if ("401".equals(hdr(attacker.send(List.of(alert(201, null, "E1")), true)))) {
                    refused++;
                }
                if (i == 100) {
                    TestSyncClient owner = new TestSyncClient(endpoint.url, "dev-alice", "alice", "secret");
                    owner.newSession();
                    assertEquals("212", hdr(owner.send(List.of(alert(201, null, "A1")), true)), "the owner is not locked out");
                }
            }
            assertEquals(200, refused);
        }
        long checked = metric("meshchat_auth_failures_total");
        long throttled = metric("meshchat_auth_throttled_total");
        System.out.printf("200 wrong SyncML passwords: %d checked, %d throttled%n", checked, throttled);
        assertTrue(checked >= 5 && checked <= 30, "wrong passwords checked against the store: " + checked);
        assertTrue(throttled >= 170, "answered 401 in back-off without a check: " + throttled);
        assertEquals(200, checked + throttled + 1, "every guess is either checked or throttled (the first had no nonce)");
    }

    @Test
    void twoHundredWrongApiPasswordsAreThrottledWhileTheOwnerUsesTheApi() throws Exception {
        org.eclipse.jetty.client.HttpClient attacker = new org.eclipse.jetty.client.HttpClient();
        attacker.setBindAddress(new InetSocketAddress("127.0.0.2", 0));
        attacker.start();
        String wrong = "Basic " + Base64.getEncoder().encodeToString("alice:wrong".getBytes(StandardCharsets.UTF_8));
        String right = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 200; i++) {
                int status = attacker.newRequest(endpoint.base + "/api/messages").headers(h -> h.put("Authorization", wrong))
                        .send().getStatus();
                assertEquals(401, status);
                if (i == 100) {
                    int owner = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.base + "/api/messages"))
                            .header("Authorization", right).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                    assertEquals(200, owner, "the owner is not locked out");
                    // another account at the attacker's own address (a shared NAT) is not locked out either
                    int neighbour = attacker.newRequest(endpoint.base + "/api/messages").headers(h -> h.put("Authorization",
                            "Basic " + Base64.getEncoder().encodeToString("root:admin".getBytes(StandardCharsets.UTF_8))))
                            .send().getStatus();
                    assertEquals(200, neighbour, "failures for alice do not block root from the same address");
                }
            }
        } finally {
            attacker.stop();
        }
        long checked = metric("meshchat_auth_failures_total");
        assertTrue(checked >= 5 && checked <= 30, "wrong passwords checked: " + checked);
        assertEquals(200, checked + metric("meshchat_auth_throttled_total"));
    }
}
