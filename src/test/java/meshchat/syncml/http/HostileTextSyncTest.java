package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMessage;

/**
 * Regression (issue 7, item 3): text posted through the JSON API with control characters or a
 * lone surrogate (raw JSON escapes) was stored as given; the next XML reply holding it was not
 * well-formed and every WBXML sync of that view ended with 511. Now the text rule cleans it where
 * the message is made, and a slow sync of that view succeeds in both encodings.
 */
class HostileTextSyncTest {

    @TempDir
    Path data;
    SyncEndpoint endpoint;
    Server api;
    URI apiBase;

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
        api = new Server();
        ServerConnector c = new ServerConnector(api);
        c.setHost("127.0.0.1");
        c.setPort(0);
        api.addConnector(c);
        api.setHandler(new ApiHandler(endpoint.store, "node-t", Clock.systemUTC()));
        api.start();
        apiBase = URI.create("http://127.0.0.1:" + c.getLocalPort() + "/api/messages");
    }

    @AfterEach
    void stop() throws Exception {
        api.stop();
        endpoint.close();
    }

    private int post(String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(apiBase)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void apiPostsWithControlsAndALoneSurrogateStillSyncInBothEncodings(Encoding enc) throws Exception {
        // the JSON text holds the escapes themselves: \\u0000 in Java source is \u0000 in JSON
        assertEquals(201, post("{\"message\": \"a\\u0000b\\u0001c\"}"));
        assertEquals(201, post("{\"message\": \"\\ud800\"}"));
        assertEquals(201, post("{\"message\": \"pair \\ud83d\\udef0 kept\\r\\nend\\u2028x\"}"));

        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-hostile-" + enc, "alice", "secret");
        c.encoding = enc;
        Alert slow = new Alert("1", false, null, "201", List.of(new Item(Location.of("meshchat"),
                Location.of("./memo"), MetInf.EMPTY.withAnchor(new Anchor(null, "H1")), null, null, null, false)));
        c.newSession();
        SyncMessage r1 = c.send(List.of(slow), true);
        if (TestSyncClient.statuses(r1).get(0).code() >= 400) { // challenged on first contact: log in again with the nonce
            c.newSession();
            r1 = c.send(List.of(slow), true);
        }
        for (Status s : TestSyncClient.statuses(r1)) {
            assertTrue(s.code() < 300, "status " + s.code() + " for " + s.cmd());
        }
        List<SyncMessage> replies = new ArrayList<>();
        SyncMessage r = c.send(List.of(new Sync("2", false, Location.of("meshchat"), Location.of("./memo"), null, null,
                List.of())), true);
        replies.add(r);
        while (!r.fin()) {
            r = c.send(List.of(), false);
            replies.add(r);
        }
        Set<String> texts = new TreeSet<>();
        for (SyncMessage m : replies) {
            for (Status s : TestSyncClient.statuses(m)) {
                assertTrue(s.code() < 300, "status " + s.code() + " for " + s.cmd());
            }
            for (Command cmd : m.commands()) {
                if (cmd instanceof Sync s) {
                    for (Command inner : s.commands()) {
                        texts.add(((ItemCommand) inner).items().get(0).data());
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of("abc", "\ufffd", "pair \ud83d\udef0 kept\nend\nx")), texts);
    }
}
