package meshchat.syncml.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.TextRule;
import meshchat.syncml.store.Store;

/**
 * Regression (issue 7, items 3 and 7): v2 {@code send_message} (no account needed) and v2 import
 * stored control characters as given, and kept a CR raw in call_sign and channel; every XML reply
 * holding such a message is then not well-formed, and a CR breaks v2's own line format.
 */
class V2HostileTextTest {

    @TempDir
    Path dir;
    Store store;
    TestClock clock = new TestClock(Golden.CAPTURE_EPOCH);
    LegacyBridge bridge;
    int port;

    @BeforeEach
    void start() {
        store = Store.open(dir.resolve("data"));
        bridge = LegacyBridge.start(store, new LegacyConfig("127.0.0.1", 0, List.of(), Duration.ofHours(1), null,
                "node-a"), clock, new V2Discovery(dir.resolve("none"), dir.resolve("none.d"), null, "node-a"));
        port = bridge.port();
    }

    @AfterEach
    void stop() {
        bridge.close();
        store.close();
    }

    List<Message> stored() {
        return store.read(tx -> tx.newest(100, null, null));
    }

    RawHttp.Answer send(String message, String callSign, String channel) throws IOException {
        String form = "action=send_message&epoch=1&message=" + URLEncoder.encode(message, StandardCharsets.UTF_8)
                + "&call_sign=" + URLEncoder.encode(callSign, StandardCharsets.UTF_8)
                + "&channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8);
        return RawHttp.post(port, "/cgi-bin/meshchat", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendMessageDropsControlCharactersAndKeepsFieldsOnOneLine() throws IOException {
        RawHttp.Answer a = send("a\u0000b\u0001c\u001bd\u007fe\r\nf\rg", "N0\rCALL", "ops\r\u0000chan");
        assertEquals(200, a.status());
        assertArrayEqualsOk(a);
        List<Message> s = stored();
        assertEquals(1, s.size());
        Message m = s.get(0);
        assertEquals("abcde\nf\ng", m.text());
        assertEquals("N0 CALL", m.callSign());
        assertEquals("ops chan", m.channel());
        // the file v2 nodes download: one line, seven fields, nothing raw
        String raw = RawHttp.get(port, V2ApiTest.CGI + "messages_raw").text();
        assertEquals(1, raw.split("\n", -1).length - 1, raw);
        assertEquals(7, raw.strip().split("\t", -1).length, raw);
        assertTrue(raw.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n'), raw);
    }

    @Test
    void sendMessageWithALoneSurrogateStoresTheReplacementCharacter() throws IOException {
        // a form value cannot carry a lone surrogate as UTF-8; a noncharacter stands in (illegal in XML 1.0)
        send("x\uffffy", "N0CALL", "");
        assertEquals("x\ufffdy", stored().get(0).text());
    }

    @Test
    void sendMessageOfNothingButControlsIsDroppedAsV2DropsAnEmptyOne() throws IOException {
        RawHttp.Answer a = send("\u0000\u0001\r\n", "N0CALL", "");
        assertArrayEqualsOk(a);
        assertEquals(0, stored().size());
    }

    @Test
    void importedLinesWithControlsAndCarriageReturnsAreCleaned() throws Exception {
        try (FakeV2Peer peer = new FakeV2Peer()) {
            peer.lines = List.of(
                    "0000000a\t" + (Golden.CAPTURE_EPOCH - 10) + "\tbell\u0007 nul\u0000 end\r\tK1\rABC\tnode-b\tnode\tch\u0001",
                    "0000000b\t" + (Golden.CAPTURE_EPOCH - 5) + "\t\u0000\u0002\tK1ABC\tnode-b\tnode\t",
                    "0000000c\t" + (Golden.CAPTURE_EPOCH - 1) + "\tfine\tK1ABC\tnode-b\tnode\t");
            V2Puller puller = new V2Puller(peer.uri(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    store, clock, new V2Db(store, clock), new V2Users("node-t", "pi"), new V2SyncStatus(), "node-t");
            V2Puller.Result r = puller.poll();
            assertEquals(V2Puller.Outcome.IMPORTED, r.outcome(), String.valueOf(r));
            assertEquals(2, r.imported());
            assertEquals(1, r.rejected().get(V2Format.Reject.EMPTY_TEXT), "the line of nothing but controls");
            List<Message> s = stored();
            Message bell = s.stream().filter(m -> m.v2Id().equals("0000000a")).findFirst().orElseThrow();
            assertEquals("bell nul end\n", bell.text());
            assertEquals("K1 ABC", bell.callSign());
            assertEquals("ch", bell.channel());
            for (Message m : s) {
                assertTrue(TextRule.isClean(m.text()), m.toString());
            }
            peer.lines = List.of(peer.lines.get(0), peer.lines.get(2), "0000000d\t" + Golden.CAPTURE_EPOCH + "\tnew\tK1\tn\tnode\t");
            puller.poll();
            assertEquals(3, stored().size(), "the same dirty line again is the same message, not a new one");
        }
    }

    @Test
    void presenceKeepsNoCarriageReturnOrControlInUsersRaw() throws IOException {
        RawHttp.get(port, V2ApiTest.CGI + "messages_version_ui&epoch=1&id=ab%0Dcd&call_sign="
                + URLEncoder.encode("N0\rCALL\u0000", StandardCharsets.UTF_8));
        String raw = RawHttp.get(port, V2ApiTest.CGI + "users_raw").text();
        assertTrue(raw.startsWith("N0 CALL\tab cd\tnode-a\t"), raw);
        assertTrue(raw.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n'), raw);
    }

    private static void assertArrayEqualsOk(RawHttp.Answer a) {
        assertEquals("{\"status\":200, \"response\":\"OK\"}\n", new String(a.body(), StandardCharsets.UTF_8));
    }
}
