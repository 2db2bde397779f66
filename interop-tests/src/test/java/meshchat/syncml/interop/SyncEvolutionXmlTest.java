package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.ONE_WAY_FROM_CLIENT;
import static meshchat.syncml.interop.SyncEvolutionClient.ONE_WAY_FROM_SERVER;
import static meshchat.syncml.interop.SyncEvolutionClient.REFRESH_FROM_CLIENT;
import static meshchat.syncml.interop.SyncEvolutionClient.REFRESH_FROM_SERVER;
import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;
import static meshchat.syncml.interop.SyncEvolutionClient.TWO_WAY;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian SyncEvolution client (XML encoding) against our server, run from the jar as an
 * operator would. Every test gets a fresh server data dir and a fresh client. A client that has
 * local data starts with a slow sync (SyncEvolution's preventSlowSync, gotcha 6). Memo texts are
 * compared normalised (gotcha 7); "on the wire" counts come from the engine's message dumps.
 */
class SyncEvolutionXmlTest {

    static final String USER = "dl1abc";
    static final String PASSWORD = "correct horse";
    static final String ADMIN = "sysop";
    static final String ADMIN_PASSWORD = "battery staple";
    /** The v2 "Everything" channel; the memo datastore {@code meshchat} is unfiltered. */
    static final String CHANNEL = "";

    static final String GRUESSE = "Grüße vom Berg ✓ 73 de DL1ABC";
    static final String CYRILLIC = "Привет из Москвы, 73 de UA3ABC";
    static final String CJK = "東京から 73 de JA1ABC — ÄÖÜ ß é";

    @TempDir
    Path tmp;

    MeshChatServer server;
    MeshChatApi api;

    /** WBXML variant: a subclass overriding this to {@code true} runs every scenario in WBXML. */
    protected boolean wbxml() {
        return false;
    }

    @BeforeEach
    void startServer() {
        ToolCheck.requireSyncEvolution();
        server = MeshChatServer.create(tmp.resolve("server"))
                .addUser(USER, PASSWORD, false)
                .addUser(ADMIN, ADMIN_PASSWORD, true)
                .start();
        api = new MeshChatApi(server, ADMIN, ADMIN_PASSWORD);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private SyncEvolutionClient client(String name, String user, String password, UnaryOperator<SyncOptions> tweak) {
        SyncOptions options = tweak.apply(SyncOptions.of(server.syncUrl(), user, password).withWbxml(wbxml()));
        return SyncEvolutionClient.create(tmp.resolve(name), options);
    }

    private SyncEvolutionClient client() {
        return client("client", USER, PASSWORD, o -> o);
    }

    /** Runs a sync, asserts it succeeded in {@code expectedMode} (status.ini name), returns it. */
    private SyncResult sync(SyncEvolutionClient client, String mode, String expectedMode) {
        SyncResult r = client.sync(mode);
        assertTrue(r.succeeded(), () -> "sync failed: " + r.describe() + "\nserver log:\n" + server.tail());
        assertEquals(expectedMode, r.memoMode(), r::describe);
        return r;
    }

    private static List<String> sorted(String... texts) {
        return Stream.of(texts).map(SyncEvolutionClient::normalise).sorted().toList();
    }

    @Test
    void slowSyncUploadsNonAsciiMemosToTheServer() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", GRUESSE + "\n");
        client.writeMemo("memo-2", CYRILLIC + "\n");
        client.writeMemo("memo-3", CJK);

        SyncResult r = sync(client, SLOW, "slow");

        assertAll(
                () -> assertEquals(201, r.outgoing().syncAlert(), r::describe),
                () -> assertEquals(3, r.outgoing().adds(), r::describe),
                () -> assertEquals(3, r.stat("remote", "added"), r::describe),
                () -> assertEquals(sorted(GRUESSE, CYRILLIC, CJK), api.texts()));
    }

    @Test
    void twoWayAfterSlowSyncSendsExactlyOneAddForOneNewMemo() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", "first\n");
        client.writeMemo("memo-2", "second\n");
        sync(client, SLOW, "slow");
        client.writeMemo("memo-3", GRUESSE + "\n");

        SyncResult r = sync(client, TWO_WAY, "two-way");

        OutgoingMessages out = r.outgoing();
        assertAll(
                () -> assertEquals(200, out.syncAlert(), out::toString),
                () -> assertEquals(1, out.adds(), out::toString),
                () -> assertEquals(0, out.replaces(), out::toString),
                () -> assertEquals(0, out.deletes(), out::toString),
                () -> assertEquals(sorted("first", "second", GRUESSE), api.texts()));
    }

    @Test
    void messagePostedThroughTheApiReachesTheClientOnTheNextTwoWaySync() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", "from the client\n");
        sync(client, SLOW, "slow");
        api.post("DL2XYZ", CHANNEL, "from the web ✓");

        SyncResult r = sync(client, TWO_WAY, "two-way");

        assertAll(
                () -> assertEquals(1, r.stat("local", "added"), r::describe),
                () -> assertEquals(0, r.outgoing().adds(), r::describe),
                () -> assertEquals(sorted("from the client", "from the web ✓"), client.memoTexts()));
    }

    @Test
    void clientDeleteOfASyncedMemoRemovesTheMessageFromTheServer() {
        SyncEvolutionClient client = client("admin-client", ADMIN, ADMIN_PASSWORD, o -> o);
        client.writeMemo("memo-keep", "keep me\n");
        client.writeMemo("memo-gone", "purge me\n");
        sync(client, SLOW, "slow");
        assertEquals(sorted("keep me", "purge me"), api.texts());
        client.deleteMemo("memo-gone");

        SyncResult r = sync(client, TWO_WAY, "two-way");

        assertAll(
                () -> assertEquals(1, r.outgoing().deletes(), r::describe),
                () -> assertEquals(1, r.stat("remote", "removed"), r::describe),
                () -> assertEquals(sorted("keep me"), api.texts()));
    }

    @Test
    void wrongPasswordIsRefusedWithoutChangingDataUntilThePasswordIsFixed() {
        api.post("DL2XYZ", CHANNEL, "already there");
        List<MeshChatApi.ApiMessage> before = api.messages(100);
        SyncEvolutionClient client = client("client", USER, "wrong password", o -> o);
        client.writeMemo("memo-1", "must not arrive\n");

        SyncResult refused = client.sync(SLOW);

        assertAll(
                () -> assertFalse(refused.timedOut(), refused::describe),
                () -> assertNotEquals(0, refused.exitCode(), refused::describe),
                () -> assertTrue(refused.sessionStatus() == 401 || refused.stdout().contains("status 401"),
                        refused::describe),
                () -> assertEquals(before, api.messages(100)),
                () -> assertEquals(List.of("memo-1"), List.copyOf(client.memos().keySet())));

        client.changePassword(PASSWORD);
        sync(client, SLOW, "slow");
        assertEquals(sorted("already there", "must not arrive"), api.texts());
    }

    @Test
    void twoWayExchangesChangesInBothDirections() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", "A\n");
        sync(client, SLOW, "slow");
        api.post("DL2XYZ", CHANNEL, "B from the web");
        client.writeMemo("memo-2", "C from the client\n");

        SyncResult r = sync(client, TWO_WAY, "two-way");

        assertAll(
                () -> assertEquals(200, r.outgoing().syncAlert(), r::describe),
                () -> assertEquals(sorted("A", "B from the web", "C from the client"), api.texts()),
                () -> assertEquals(sorted("A", "B from the web", "C from the client"), client.memoTexts()));
    }

    @Test
    void repeatedSlowSyncMatchesItemsInsteadOfDuplicatingThem() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", GRUESSE + "\n");
        sync(client, SLOW, "slow");
        api.post("DL2XYZ", CHANNEL, "B from the web");

        SyncResult r = sync(client, SLOW, "slow");

        assertAll(
                () -> assertEquals(201, r.outgoing().syncAlert(), r::describe),
                () -> assertEquals(sorted(GRUESSE, "B from the web"), api.texts()),
                () -> assertEquals(sorted(GRUESSE, "B from the web"), client.memoTexts()));
    }

    @Test
    void oneWayFromClientUploadsButDownloadsNothing() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", "A\n");
        sync(client, SLOW, "slow");
        api.post("DL2XYZ", CHANNEL, "B stays on the server");
        client.writeMemo("memo-2", "C goes up\n");

        SyncResult r = sync(client, ONE_WAY_FROM_CLIENT, "one-way-from-local");

        assertAll(
                () -> assertEquals(202, r.outgoing().syncAlert(), r::describe),
                () -> assertEquals(1, r.outgoing().adds(), r::describe),
                () -> assertEquals(sorted("A", "B stays on the server", "C goes up"), api.texts()),
                () -> assertEquals(sorted("A", "C goes up"), client.memoTexts()));
    }

    @Test
    void oneWayFromServerDownloadsButUploadsNothing() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", "A\n");
        sync(client, SLOW, "slow");
        api.post("DL2XYZ", CHANNEL, "B comes down");
        client.writeMemo("memo-2", "C stays local\n");

        SyncResult r = sync(client, ONE_WAY_FROM_SERVER, "one-way-from-remote");

        assertAll(
                // libsynthesis alerts 204 only to some servers; to us it alerts 200 and then keeps
                // its own changes back ("normal sync, from server only"): what counts is that
                // nothing goes up and the server's message comes down.
                () -> assertTrue(r.outgoing().syncAlert() == 204 || r.outgoing().syncAlert() == 200, r::describe),
                () -> assertEquals(0, r.outgoing().adds(), r::describe),
                () -> assertEquals(sorted("A", "B comes down"), api.texts()),
                () -> assertEquals(sorted("A", "B comes down", "C stays local"), client.memoTexts()));
    }

    @Test
    void refreshFromClientSendsEveryLocalMemoAndDownloadsNothing() {
        api.post("DL2XYZ", CHANNEL, "B only on the server");
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", "A\n");
        client.writeMemo("memo-2", CYRILLIC + "\n");

        SyncResult r = sync(client, REFRESH_FROM_CLIENT, "refresh-from-local");

        List<String> onServer = api.texts();
        assertAll(
                () -> assertEquals(203, r.outgoing().syncAlert(), r::describe),
                () -> assertEquals(2, r.outgoing().adds(), r::describe),
                () -> assertTrue(onServer.containsAll(sorted("A", CYRILLIC)), onServer::toString),
                () -> assertEquals(sorted("A", CYRILLIC), client.memoTexts()));
    }

    @Test
    void refreshFromServerReplacesLocalMemosWithTheServersMessages() {
        SyncEvolutionClient client = client("client", USER, PASSWORD, o -> o.withEnableRefreshSync(true));
        client.writeMemo("memo-1", "A\n");
        sync(client, SLOW, "slow");
        api.post("DL2XYZ", CHANNEL, "B from the web");
        client.writeMemo("memo-2", "C local only, discarded\n");

        SyncResult r = sync(client, REFRESH_FROM_SERVER, "refresh-from-remote");

        assertAll(
                () -> assertEquals(205, r.outgoing().syncAlert(), r::describe),
                () -> assertEquals(0, r.outgoing().adds(), r::describe),
                () -> assertEquals(sorted("A", "B from the web"), api.texts()),
                () -> assertEquals(api.texts(), client.memoTexts()));
    }

    @Test
    void afterAServerRestartTheNextSyncIsTwoWayAndNothingIsLost() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", GRUESSE + "\n");
        client.writeMemo("memo-2", "second\n");
        sync(client, SLOW, "slow");
        server.restart();
        client.writeMemo("memo-3", "after the restart\n");

        SyncResult r = sync(client, TWO_WAY, "two-way");

        assertAll(
                () -> assertEquals(1, r.outgoing().adds(), r::describe),
                () -> assertEquals(sorted(GRUESSE, "second", "after the restart"), api.texts()),
                () -> assertEquals(sorted(GRUESSE, "second", "after the restart"), client.memoTexts()));
    }

    @Test
    void afterTheServerIsKilledNothingCommittedIsLostAndSyncStaysTwoWay() {
        SyncEvolutionClient client = client();
        client.writeMemo("memo-1", "before the crash\n");
        sync(client, SLOW, "slow");
        api.post("DL2XYZ", CHANNEL, "posted just before the crash");
        server.kill(); // SIGKILL: Derby must recover from its log
        server.start();
        client.writeMemo("memo-2", "after the crash\n");

        SyncResult r = sync(client, TWO_WAY, "two-way");

        assertAll(
                () -> assertEquals(1, r.outgoing().adds(), r::describe),
                () -> assertEquals(sorted("before the crash", "posted just before the crash", "after the crash"), api.texts()),
                () -> assertEquals(sorted("before the crash", "posted just before the crash", "after the crash"),
                        client.memoTexts()));
    }
}
