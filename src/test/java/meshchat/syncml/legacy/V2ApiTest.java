package meshchat.syncml.legacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.store.Store;

/** The v2 API on a real Jetty (port 0) over a real Derby, checked byte for byte. */
class V2ApiTest {

    static final String CGI = "/cgi-bin/meshchat?action=";

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
                "node-a"), clock, new V2Discovery(dir.resolve("none"), dir.resolve("none.d"), null, "node-a"),
                // as serve assembles it: forms and multipart bodies gathered before the handler
                h -> new meshchat.syncml.http.BufferedBodies(LegacyBridge.MAX_FORM_BYTES, 1_000_000, h));
        port = bridge.port();
    }

    @AfterEach
    void stop() {
        bridge.close();
        store.close();
    }

    void add(Message m) {
        store.write(tx -> tx.addMessage(m, "test"));
    }

    @Test
    void formNumbersReadAsLuaDoesAndALongRunOfDigitsIsNoneAtOnce() {
        assertEquals(1.7e9, V2Actions.luaNumber(" 1700000000 "));
        assertEquals(1.5, V2Actions.luaNumber("1.5"));
        assertEquals(1.0, V2Actions.luaNumber("1."));
        assertEquals(0.5, V2Actions.luaNumber(".5"));
        assertEquals(-2e3, V2Actions.luaNumber("-2e3"));
        assertEquals(255.0, V2Actions.luaNumber("0xff"));
        assertNull(V2Actions.luaNumber("1.2.3"));
        assertNull(V2Actions.luaNumber("."));
        // 100,000 digits and an x: the old pattern backtracked quadratically (minutes of CPU per
        // request, with no login); a generous bound, as the answer is now immediate
        assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertNull(V2Actions.luaNumber("1".repeat(100_000) + "x")));
        assertNull(V2Actions.luaNumber("1".repeat(V2Actions.MAX_NUMBER_CHARS + 1)), "longer than any epoch");
    }

    @Test
    void messagesRawIsTheCapturedBodyUnderItsExactContentMd5Header() throws IOException {
        add(Golden.CAPTURED);
        RawHttp.Answer a = RawHttp.get(port, CGI + "messages_raw");
        assertEquals(200, a.status());
        assertArrayEquals(Golden.bytes("messages_raw.body"), a.body());
        // v2 peers match "Content%-MD5:%s([0-9a-f]+)\r\n", case-sensitively; Lua prints it before Content-type
        String golden = Golden.text("messages_raw.head");
        String md5Line = "\r\nContent-MD5: " + Golden.CAPTURED_MD5 + "\r\n";
        assertTrue(golden.contains(md5Line + "Content-type: text/plain\r\n"));
        assertTrue(a.head().contains(md5Line), a.head());
        assertTrue(a.head().indexOf("Content-MD5:") < a.head().indexOf("Content-type: text/plain\r\n"), a.head());
    }

    @Test
    void messagesVersionIsTheCapturedSumWithoutTrailingNewline() throws IOException {
        add(Golden.CAPTURED);
        RawHttp.Answer a = RawHttp.get(port, CGI + "messages_version");
        assertEquals(Golden.text("messages_version.body").strip(), a.text());
        assertTrue(a.head().contains("Content-type: text/plain\r\n"), a.head());
    }

    @Test
    void emptyUsersAndFilesListsStillCarryTheirMd5() throws IOException {
        for (String action : List.of("users_raw&platform=node&node=node-b", "local_files_raw")) {
            RawHttp.Answer a = RawHttp.get(port, CGI + action);
            assertEquals(0, a.body().length);
            assertTrue(a.head().contains("\r\nContent-MD5: d41d8cd98f00b204e9800998ecf8427e\r\n"), a.head());
            assertFalse(a.head().contains("404"), a.head());
        }
    }

    @Test
    void sendMessageAnswersAsV2AndStoresTheTextAsAV2NodeWouldShowIt() throws IOException {
        String form = "action=send_message&id=76363d85&epoch=1795658698&call_sign=N0CALL&channel="
                + "&message=" + URLEncoder.encode("Hello from A\nline2 \"quoted\"\ttab", StandardCharsets.UTF_8);
        clock.set(1795658698L);
        RawHttp.Answer a = RawHttp.post(port, "/cgi-bin/meshchat", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(Golden.bytes("send_message.body"), a.body());
        assertTrue(a.head().contains("Content-type: application/json\r\n"), a.head());
        // the TAB became a space, as on node A: the line is A's line but for platform and node name
        String raw = RawHttp.get(port, CGI + "messages_raw").text();
        assertEquals("76363d85\t1795658698\tHello from A\\nline2 \\\"quoted\\\" tab\tN0CALL\tnode-a\tpi\t\n", raw);
    }

    @Test
    void sendMessageFromTheV2PageAsMultipartWorksToo() throws IOException {
        String b = "----v2";
        StringBuilder body = new StringBuilder();
        for (String[] f : new String[][] {{"action", "send_message"}, {"message", "hi"}, {"call_sign", "N0CALL"},
                {"channel", "ops"}, {"epoch", "1"}}) {
            body.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"").append(f[0])
                    .append("\"\r\n\r\n").append(f[1]).append("\r\n");
        }
        body.append("--").append(b).append("--\r\n");
        RawHttp.Answer a = RawHttp.post(port, "/cgi-bin/meshchat", "multipart/form-data; boundary=" + b,
                body.toString().getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(Golden.bytes("send_message.body"), a.body());
        List<Message> stored = store.read(tx -> tx.newest(10, null, null));
        assertEquals(1, stored.size());
        assertEquals(clock.epoch(), stored.get(0).epoch(), "a past epoch is replaced by now, as in v2");
        assertEquals("ops", stored.get(0).channel());
    }

    @Test
    void sendMessageWithoutEpochOrChannelAnswersWithHeadersOnlyAsV2Crashes() throws IOException {
        for (String missing : List.of("&call_sign=N0CALL&channel=", "&call_sign=N0CALL&epoch=1")) {
            RawHttp.Answer a = RawHttp.get(port, CGI + "send_message&message=hi" + missing);
            assertEquals(200, a.status());
            assertEquals(0, a.body().length);
            assertTrue(a.head().contains("Content-type: application/json\r\n"), a.head());
        }
        assertEquals(0L, (long) store.read(tx -> tx.messageCount()));
    }

    @Test
    void aClientIdIsKeptWhenFreeAndReplacedWhenAnyMessageOrTombstoneUsesIt() throws IOException {
        add(Message.create("0000beef", 100, "taken", "N0CALL", "n", "node", ""));
        Message purged = Message.create("0000dead", 100, "purged", "N0CALL", "n", "node", "");
        add(purged);
        store.write(tx -> tx.purge(purged.id(), "root", Instant.EPOCH));
        for (String id : List.of("0000cafe", "0000beef", "0000dead", "NOTHEX12")) {
            RawHttp.get(port, CGI + "send_message&message=" + id + "&call_sign=N0CALL&channel=&epoch=1&id=" + id);
        }
        List<Message> posted = store.read(tx -> tx.newest(10, null, null)).stream()
                .filter(m -> m.epoch() == clock.epoch()).toList();
        assertEquals(4, posted.size());
        for (Message m : posted) {
            assertEquals(m.text().equals("0000cafe"), m.v2Id().equals("0000cafe"), m.toString());
            assertTrue(m.v2Id().matches("[0-9a-f]{8}") && !m.v2Id().equals("0000beef") && !m.v2Id().equals("0000dead"));
        }
    }

    @Test
    void aPostThirtyDaysAheadIsAnsweredOkAndDroppedAsInV2() throws IOException {
        long ahead = clock.epoch() + 30L * 24 * 60 * 60;
        RawHttp.Answer a = RawHttp.get(port, CGI + "send_message&message=x&call_sign=N&channel=&epoch=" + ahead);
        assertArrayEquals(Golden.bytes("send_message.body"), a.body());
        assertEquals(0L, (long) store.read(tx -> tx.messageCount()));
    }

    @Test
    void purgedMessageIsHiddenFromEveryV2Answer() throws IOException {
        add(Golden.CAPTURED);
        Message other = Message.create("00000010", Golden.CAPTURED.epoch() + 1, "stays", "N0CALL", "node-b", "node", "");
        add(other);
        store.write(tx -> tx.purge(Golden.CAPTURED.id(), "root", Instant.EPOCH));
        assertEquals(V2Format.line(other) + "\n", RawHttp.get(port, CGI + "messages_raw").text());
        assertEquals("16", RawHttp.get(port, CGI + "messages_version").text());
        assertFalse(RawHttp.get(port, CGI + "messages").text().contains("76363d85"));
        assertFalse(RawHttp.get(port, CGI + "messages_download").text().contains("76363d85"));
    }

    @Test
    void only500MessagesAreServedAndNoneThirtyDaysAhead() throws IOException {
        long now = clock.epoch();
        store.write(tx -> {
            for (int i = 0; i < 520; i++) {
                tx.addMessage(Message.create(String.format("%08x", i), now - 10_000 + i, "m" + i, "N0CALL", "n",
                        "node", ""), "test");
            }
            tx.addMessage(Message.create("0000f00d", now + 30L * 24 * 60 * 60, "spam", "N", "n", "node", ""), "t");
            return null;
        });
        List<String> lines = V2Format.lines(RawHttp.get(port, CGI + "messages_raw").body());
        assertEquals(500, lines.size());
        assertTrue(lines.get(0).startsWith("00000014\t"), lines.get(0));
        assertTrue(lines.get(499).startsWith("00000207\t"), lines.get(499));
        long sum = 0;
        for (int i = 20; i < 520; i++) {
            sum += i;
        }
        assertEquals(Long.toString(sum), RawHttp.get(port, CGI + "messages_version").text());
        clock.set(now + 1); // the far message comes within 30 days and joins, pushing out the oldest
        lines = V2Format.lines(RawHttp.get(port, CGI + "messages_raw").body());
        assertTrue(lines.get(499).startsWith("0000f00d\t") && lines.get(0).startsWith("00000015\t"));
    }

    @Test
    void messagesJsonIsTheCapturedJson() throws IOException {
        add(Golden.CAPTURED);
        RawHttp.Answer a = RawHttp.get(port, CGI + "messages");
        assertEquals(Golden.text("messages.json"), a.text());
        assertTrue(a.head().contains("Content-type: application/json\r\n"));
        RawHttp.Answer zipped = RawHttp.get(port, CGI + "messages", "Accept-Encoding: gzip");
        assertTrue(zipped.head().contains("Content-Encoding: gzip\r\n"), zipped.head());
        assertEquals(Golden.text("messages.json"), new String(
                new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void configIsTheCapturedConfig() throws IOException {
        assertEquals(Golden.text("config.json"), RawHttp.get(port, CGI + "config").text());
    }

    @Test
    void unknownOrMissingActionAnswersErrorNoAction() throws IOException {
        for (String target : List.of(CGI + "delete_everything", "/cgi-bin/meshchat")) {
            RawHttp.Answer a = RawHttp.get(port, target);
            assertEquals(200, a.status());
            assertEquals("error no action\n", a.text());
            assertTrue(a.head().contains("Content-type: text/plain\r\n"), a.head());
        }
        assertEquals(404, RawHttp.get(port, "/meshchat").status());
    }

    @Test
    void presenceOfAV2PageShowsInUsersRawAndUsers() throws IOException {
        RawHttp.get(port, CGI + "messages_version_ui&call_sign=N0CALL&id=abcde&epoch=5");
        RawHttp.Answer raw = RawHttp.get(port, CGI + "users_raw");
        String line = "N0CALL\tabcde\tnode-a\t" + clock.epoch() + "\tpi\n";
        assertEquals(line, raw.text());
        assertTrue(raw.head().contains("Content-MD5: " + V2Format.md5Hex(line.getBytes(StandardCharsets.UTF_8))));
        assertEquals("[{\"epoch\":" + clock.epoch() + ",\"id\":\"abcde\",\"call_sign\":\"N0CALL\",\"node\":\"node-a\","
                + "\"platform\":\"pi\"}]\n", RawHttp.get(port, CGI + "users").text());
    }

    @Test
    void theRestOfTheV2ActionsAnswerAsV2Does() throws IOException {
        assertEquals("{\"messages_version\":0}\n", RawHttp.get(port, CGI + "messages_version_ui").text());
        assertEquals("[]\n", RawHttp.get(port, CGI + "sync_status").text());
        assertTrue(RawHttp.get(port, CGI + "files").text().endsWith(",\"files\":[]}\n"));
        assertEquals(V2Format.EMPTY_MD5 + "\n", RawHttp.get(port, CGI + "messages_md5").text());
        assertEquals("no file\n", RawHttp.get(port, CGI + "file_download&file=x").text());
        assertEquals("[]\n", RawHttp.get(port, CGI + "action_log").text());
    }
}
