package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;
import static meshchat.syncml.interop.SyncEvolutionClient.TWO_WAY;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages that span many messages and items larger than a message, with SyncEvolution in WBXML
 * (its default), and a SyncML 1.1 client. The server is started with a small MaxMsgSize so the
 * client must split its packages and chunk its large memo too.
 */
class SyncEvolutionLargeTest {
    static final String USER = "dl1abc";
    static final String PASSWORD = "correct horse";
    /** Our MaxMsgSize: what the client may send us in one message. */
    static final int SERVER_MAX_MSG = 30_000;
    /** The client's MaxMsgSize: what we may send it in one message. */
    static final int CLIENT_MAX_MSG = 20_000;

    @TempDir
    Path tmp;
    MeshChatServer server;
    MeshChatApi api;

    @BeforeEach
    void startServer() {
        ToolCheck.requireSyncEvolution();
        server = MeshChatServer.create(tmp.resolve("server")).addUser(USER, PASSWORD, false)
                .serveArgs("--max-msg-size", Integer.toString(SERVER_MAX_MSG)).start();
        api = new MeshChatApi(server, USER, PASSWORD);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private SyncEvolutionClient client(String name, UnaryOperator<SyncOptions> tweak) {
        return SyncEvolutionClient.create(tmp.resolve(name),
                tweak.apply(SyncOptions.of(server.syncUrl(), USER, PASSWORD).withWbxml(true).withMaxMsgSize(CLIENT_MAX_MSG)));
    }

    private SyncResult sync(SyncEvolutionClient client, String mode, String expectedMode) {
        SyncResult r = client.sync(mode);
        assertTrue(r.succeeded(), () -> "sync failed: " + r.describe() + "\nserver log:\n" + server.tail());
        assertEquals(expectedMode, r.memoMode(), r::describe);
        return r;
    }

    private static long incomingMessages(SyncResult r) {
        try (Stream<Path> s = Files.list(r.sessionDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith("_incoming.xml")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String memo(int i) {
        return "Memo " + i + " from a busy net: " + "QRM ".repeat(20) + "73";
    }

    @Test
    void threeHundredMemosGoUpInSeveralMessages() {
        SyncEvolutionClient client = client("client", o -> o);
        IntStream.range(0, 300).forEach(i -> client.writeMemo("m" + i, memo(i) + "\n"));
        SyncResult r = sync(client, SLOW, "slow");
        assertAll(
                () -> assertEquals(300, r.outgoing().adds(), r::describe),
                () -> assertTrue(r.outgoing().messageCount() >= 3, () -> "client package in one message? " + r.outgoing()),
                () -> assertEquals(IntStream.range(0, 300).mapToObj(SyncEvolutionLargeTest::memo).sorted().toList(), api.texts()));
    }

    @Test
    void threeHundredMessagesComeDownInSeveralMessages() {
        IntStream.range(0, 300).forEach(i -> api.post(null, "", memo(i))); // no call_sign: a non-admin posts under its own
        SyncEvolutionClient client = client("client", o -> o);
        SyncResult r = sync(client, SLOW, "slow");
        assertAll(
                () -> assertEquals(300, r.stat("local", "added"), r::describe),
                () -> assertTrue(incomingMessages(r) >= 3, () -> "server package in " + incomingMessages(r) + " messages"),
                () -> assertEquals(IntStream.range(0, 300).mapToObj(SyncEvolutionLargeTest::memo).sorted().toList(),
                        client.memoTexts()));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "wbxml={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aMemoOfSeveralHundredKilobytesTravelsAsALargeObjectBothWays(boolean wbxml) {
        String big = IntStream.range(0, 6000).mapToObj(i -> "line " + i + ": Grüße ✓ " + "x".repeat(40))
                .reduce((a, b) -> a + "\n" + b).orElseThrow(); // about 330 KB
        SyncEvolutionClient up = client("up", o -> o.withWbxml(wbxml));
        up.writeMemo("big", big + "\n");
        sync(up, SLOW, "slow");
        assertEquals(List.of(SyncEvolutionClient.normalise(big)), api.texts());

        SyncEvolutionClient down = client("down", o -> o.withWbxml(wbxml));
        SyncResult r = sync(down, SLOW, "slow");
        assertAll(
                () -> assertEquals(1, r.stat("local", "added"), r::describe),
                () -> assertTrue(incomingMessages(r) >= 10, () -> "330 KB in " + incomingMessages(r) + " messages of 20 KB?"),
                () -> assertEquals(List.of(SyncEvolutionClient.normalise(big)), down.memoTexts()));
    }

    @Test
    void aSyncml11ClientSyncsLikeA12One() {
        SyncEvolutionClient client = client("v11", o -> o.withSyncMLVersion("1.1").withWbxml(false));
        client.writeMemo("m1", "from a 1.1 client ✓\n");
        sync(client, SLOW, "slow");
        api.post(null, "", "for the 1.1 client");
        client.writeMemo("m2", "second from 1.1\n");
        SyncResult r = sync(client, TWO_WAY, "two-way");
        String first = firstOutgoing(r);
        assertAll(
                () -> assertTrue(first.contains("SYNCML:SYNCML1.1"), "the client spoke SyncML 1.1"),
                () -> assertTrue(first.contains("./devinf11"), "with DevInf 1.1"),
                () -> assertEquals(1, r.outgoing().adds(), r::describe),
                () -> assertEquals(Stream.of("for the 1.1 client", "from a 1.1 client ✓", "second from 1.1").sorted().toList(),
                        client.memoTexts()),
                () -> assertEquals(client.memoTexts(), api.texts()));
    }

    private static String firstOutgoing(SyncResult r) {
        try (Stream<Path> s = Files.list(r.sessionDir())) {
            Path p = s.filter(f -> f.getFileName().toString().endsWith("_001_outgoing.xml")).findFirst().orElseThrow();
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
