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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.SessionSummary;

/** The HTML status page after a real sync over HTTP: the device, its session, counts, all escaped. */
class StatusPageTest {
    static final String HOSTILE_DEVICE = "dev-<script>alert(1)</script>\"'&\u202e";

    @TempDir
    Path dir;

    private static HttpResponse<String> get(String url, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void browserGetsTheDeviceAndItsSessionEscaped() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            e.store.write(tx -> tx.addMessage(Message.create("0000000b", 1_700_000_000L, "from the server", "K1ABC", "n",
                    "pi", "ops"), "t"));
            try (MemoDevice phone = new MemoDevice(e.url, HOSTILE_DEVICE, "alice", "secret", "127.0.0.21")) {
                phone.write("one <img src=x onerror=alert(2)>");
                phone.write("two");
                phone.sync(); // slow: sends 2, gets 1
                phone.write("three");
                phone.sync(); // two-way: sends 1
            }
            List<SessionSummary> log = e.engine.sessionLog().recent();
            assertEquals(2, log.size(), log.toString());
            SessionSummary last = log.get(0);
            assertEquals("two-way", last.mode());
            assertEquals(1, last.itemsIn());
            assertEquals(SessionSummary.Result.OK, last.result());
            assertTrue(last.bytesIn() > 0 && last.bytesOut() > 0, last.toString());
            assertEquals("slow", log.get(1).mode());
            assertEquals(2, log.get(1).itemsIn());
            assertEquals(1, log.get(1).itemsOut());

            HttpResponse<String> r = get(e.base + "/", "text/html,application/xhtml+xml,*/*;q=0.8");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
                    "no page elsewhere frames it");
            String page = r.body();
            assertFalse(page.contains("<script>"), page);
            assertFalse(page.contains("\u202e"), "a bidi override is shown escaped");
            assertTrue(page.contains("dev-&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\\u202e"), page);
            assertTrue(page.contains("<dt>messages held</dt><dd>4</dd>"), page);
            assertTrue(page.contains("<dt>tombstones</dt><dd>0</dd>"), page);
            assertTrue(page.contains("<td>ops</td><td>1</td>"), "channel ops holds one message: " + page);
            // device row: account, device, datastore, last sync, mode, items in, items out, result
            Pattern device = Pattern.compile("<tr><td>alice</td><td>dev-&lt;script[^<]*</td><td>meshchat</td>"
                    + "<td>\\d{4}-[^<]+</td><td>two-way</td><td>1</td><td>0</td><td>ok</td><td>[^<]+</td></tr>");
            assertTrue(device.matcher(page).find(), page);
            // two session rows, newest first, with bytes each way
            Matcher session = Pattern.compile("<tr><td>[^<]+</td><td>alice</td><td>dev-[^<]+</td><td>(two-way|slow)</td>"
                    + "<td>(\\d+)</td><td>(\\d+)</td><td>([1-9]\\d*)</td><td>([1-9]\\d*)</td><td>\\d+ ms</td><td>ok</td></tr>")
                    .matcher(page);
            assertTrue(session.find(), page);
            assertEquals("two-way", session.group(1));
            assertTrue(session.find(), page);
            assertEquals("slow", session.group(1));
            assertEquals("2", session.group(2));
        }
    }

    @Test
    void scriptsKeepThePlainTextLines() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            HttpResponse<String> plain = get(e.base + "/", null);
            assertTrue(plain.body().startsWith("MeshChat SyncML server\nnode: node-t\nmessages: 0\n"), plain.body());
            HttpResponse<String> text = get(e.base + "/status.txt", "text/html");
            assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertEquals(plain.body().lines().limit(3).toList(), text.body().lines().limit(3).toList());
        }
    }

    @Test
    void stylesheetComesFromTheJar() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            HttpResponse<String> css = get(e.base + "/static/meshchat.css", null);
            assertEquals(200, css.statusCode());
            assertTrue(css.body().contains("table"), css.body());
            assertEquals(404, get(e.base + "/static/../pom.xml", null).statusCode());
        }
    }

    @Test
    void chatPageIsServedWithItsScriptAndAPolicyAgainstInlineScript() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            HttpResponse<String> page = get(e.base + "/chat", null);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"/static/chat.js\" defer></script>"), page.body());
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self';"));
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
                    "no page elsewhere frames its purge buttons");
            HttpResponse<String> js = get(e.base + "/static/chat.js", null);
            assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            assertFalse(js.body().contains("innerHTML"), "message text goes through textContent only");
        }
    }
}
