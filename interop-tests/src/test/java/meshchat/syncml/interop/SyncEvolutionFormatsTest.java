package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;
import static meshchat.syncml.interop.SyncEvolutionClient.TWO_WAY;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 against the real SyncEvolution client: every note format it can be configured to sync
 * (text/plain; text/calendar VJOURNAL by databaseFormat, and forced as syncFormat; text/x-vcalendar
 * by a forced syncFormat over an iCalendar database), each in XML and in WBXML and in SyncML 1.0, on the datastore meshchat
 * or one of its aliases (notes, ./Notes, memo): a slow sync both ways, one new note, a delete.
 * One server for the class; each case is its own client (device) on its own channel
 * ({@code ?channel=}), so the cases do not see each other's messages. Also: SyncEvolution 2.0.0
 * refuses text/x-vnote and text/x-s4j-sifn itself, before it connects. (Over a text/plain
 * database a forced text/calendar or text/x-vcalendar syncFormat makes the client send an empty
 * VCALENDAR, without VJOURNAL: we answer it 400 and store nothing; not a case here.)
 */
class SyncEvolutionFormatsTest {
    static final String ADMIN = "sysop";
    static final String ADMIN_PASSWORD = "battery staple";

    @TempDir
    static Path tmp;
    static MeshChatServer server;
    static MeshChatApi api;

    @BeforeAll
    static void startServer() {
        ToolCheck.requireSyncEvolution();
        server = MeshChatServer.create(tmp.resolve("server")).addUser(ADMIN, ADMIN_PASSWORD, true).start();
        api = new MeshChatApi(server, ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    /** How the client's memo datastore is set up: what it stores and what it sends. */
    enum Setup {
        PLAIN("text/plain", null),
        ICAL_DATABASE("text/calendar", null),
        ICAL_SYNC("text/calendar", "text/calendar"),
        VCAL_SYNC("text/calendar", "text/x-vcalendar");

        final String databaseFormat;
        final String syncFormat;

        Setup(String databaseFormat, String syncFormat) {
            this.databaseFormat = databaseFormat;
            this.syncFormat = syncFormat;
        }

        List<String> properties(String uri) {
            List<String> p = new ArrayList<>(List.of("memo/databaseFormat=" + databaseFormat, "memo/uri=" + uri));
            if (syncFormat != null) {
                p.addAll(List.of("memo/syncFormat=" + syncFormat, "memo/forceSyncFormat=1"));
            }
            return p;
        }

        /** A memo file in the database format. */
        String object(String uid, String text) {
            if (!databaseFormat.equals("text/calendar")) {
                return text + "\n";
            }
            String first = text.lines().findFirst().orElse("");
            return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//MeshChat test//EN\r\nBEGIN:VJOURNAL\r\nUID:" + uid
                    + "\r\nDTSTAMP:20261126T120000Z\r\nSUMMARY:" + first + "\r\nDESCRIPTION:" + text.replace("\n", "\\n")
                    + "\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n";
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Setup.PLAIN, false, "1.0", "meshchat"),
                Arguments.of(Setup.PLAIN, true, "1.2", "notes"),
                Arguments.of(Setup.ICAL_DATABASE, false, "1.2", "memo"),
                Arguments.of(Setup.ICAL_SYNC, true, "1.0", "./Notes"),
                Arguments.of(Setup.VCAL_SYNC, false, "1.0", "meshchat"),
                Arguments.of(Setup.VCAL_SYNC, true, "1.2", "notes"));
    }

    @ParameterizedTest(name = "{0} wbxml={1} SyncML {2} uri={3}")
    @MethodSource("cases")
    void slowSyncNewNoteAndDelete(Setup setup, boolean wbxml, String version, String datastore) {
        String channel = "f" + setup.ordinal() + (wbxml ? "w" : "x") + version.replace(".", "");
        String uri = datastore + "?channel=" + channel;
        SyncOptions options = SyncOptions.of(server.syncUrl(), ADMIN, ADMIN_PASSWORD).withWbxml(wbxml)
                .withSyncMLVersion(version).withTimeout(java.time.Duration.ofSeconds(60));
        SyncEvolutionClient client = SyncEvolutionClient.create(tmp.resolve("client-" + channel), options);
        client.reconfigure(setup.properties(uri).toArray(String[]::new));

        String mine = "from SyncEvolution " + channel + " ✓";
        String theirs = "from the web " + channel + " äöü";
        client.writeMemo("memo-1", setup.object("u1-" + channel, mine));
        api.post("DL2XYZ", channel, theirs);

        SyncResult slow = client.sync(SLOW);
        assertTrue(slow.succeeded(), () -> "slow sync failed: " + slow.describe() + "\nserver log:\n" + server.tail());
        assertEquals("slow", slow.memoMode(), slow::describe);
        assertAll(
                () -> assertEquals(List.of(mine, theirs).stream().sorted().toList(), texts(channel)),
                () -> assertTrue(client.memos().values().stream().anyMatch(m -> m.contains(theirs)),
                        () -> "the server's message reached the client: " + client.memos()),
                () -> assertTrue(statusLine(options.deviceId()).contains("SyncEvolution"),
                        "the DevInf we asked for (Get) names the client software: " + statusLine(options.deviceId())));

        String second = "second note " + channel;
        client.writeMemo("memo-2", setup.object("u2-" + channel, second));
        SyncResult add = client.sync(TWO_WAY);
        assertTrue(add.succeeded(), () -> "two-way failed: " + add.describe() + "\nserver log:\n" + server.tail());
        assertEquals(1, add.outgoing().adds(), add::describe);
        assertEquals(List.of(mine, theirs, second).stream().sorted().toList(), texts(channel));

        client.deleteMemo("memo-1");
        SyncResult delete = client.sync(TWO_WAY);
        assertTrue(delete.succeeded(), () -> "two-way failed: " + delete.describe() + "\nserver log:\n" + server.tail());
        assertEquals(1, delete.outgoing().deletes(), delete::describe);
        assertEquals(List.of(theirs, second).stream().sorted().toList(), texts(channel), "the admin's delete purged it");
    }

    /** SyncEvolution 2.0.0 itself refuses these as a sync format: it fails before any request reaches us. */
    @ParameterizedTest
    @ValueSource(strings = {"text/x-vnote", "text/x-s4j-sifn"})
    void syncEvolutionRefusesVNoteAndSifNBeforeConnecting(String type) {
        String device = "refuses-" + type.replace('/', '-');
        SyncOptions options = SyncOptions.of(server.syncUrl(), ADMIN, ADMIN_PASSWORD).withDeviceId(device)
                .withTimeout(java.time.Duration.ofSeconds(60));
        SyncEvolutionClient client = SyncEvolutionClient.create(tmp.resolve(device), options);
        client.reconfigure("memo/syncFormat=" + type, "memo/forceSyncFormat=1");
        client.writeMemo("memo-1", "never sent\n");
        SyncResult r = client.sync(SLOW);
        assertFalse(r.succeeded(), r::describe);
        assertFalse(api.texts().contains("never sent"));
        assertFalse(server.tail().contains(device), "no request of that device reached the server:\n" + server.tail());
    }

    /** The status page's row of a device (its last column: the client software, from its stored DevInf). */
    private static String statusLine(String device) {
        try {
            String auth = java.util.Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String body = LoopbackHttp.body(LoopbackHttp.send(LoopbackHttp.request(server.uri("/"))
                    .headers(h -> h.put("Authorization", "Basic " + auth).put("Accept", "text/html"))));
            int at = body.indexOf(device);
            int end = at < 0 ? -1 : body.indexOf("</tr>", at);
            return at < 0 || end < 0 ? "(no row for " + device + ")\n" + body : body.substring(at, end);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("GET /: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> texts(String channel) {
        return api.messages(5_000).stream().filter(m -> channel.equals(m.channel())).map(MeshChatApi.ApiMessage::text)
                .map(SyncEvolutionClient::normalise).sorted().toList();
    }
}
