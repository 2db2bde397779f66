package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;
import static meshchat.syncml.interop.SyncEvolutionClient.TWO_WAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 end to end: two server processes (the real jar) linked as peers, the second running
 * {@code serve --peer <first> --peer-credentials FILE --peer-interval 2} with an account made by
 * {@code user add node-b --peer} on the first, and the real SyncEvolution client syncing memos
 * with the second. A post on the first reaches the client with its text; the client's memo reaches
 * the first with the client's call sign; an admin purge on the first removes the message from the
 * second and then from the client; restarts of either node keep the link incremental (the first's
 * log shows no slow sync on meshchat-full after the first session). Waits poll with generous deadlines.
 */
class NodeToNodeInteropTest {
    static final String ADMIN = "sysop";
    static final String ADMIN_PASSWORD = "battery staple";
    static final String PEER = "node-b";
    static final String PEER_PASSWORD = "link-secret-8"; // the credentials file splits on spaces
    static final String USER = "dl1abc";
    static final String USER_PASSWORD = "correct horse";
    static final String CALL_SIGN = "DL1ABC";
    static final Duration DEADLINE = Duration.ofSeconds(90);
    /** SyncServer's line at the end of a session: "session S of device D: DATASTORE MODE done, ...". */
    static final Pattern DONE = Pattern.compile("of device \\S+: \\S*meshchat-full\\S* (\\S+) done");
    /** The peer job's line per session on the second: "peer URL: mode MODE, items sent ...". */
    static final Pattern PEER_SESSION = Pattern.compile("peer \\S+: mode (\\S+),");
    /** The second's line once its first peer session completed: memo slow syncs are accepted from then on. */
    static final Pattern CAUGHT_UP = Pattern.compile("(caught up with the zone)");

    @TempDir
    Path tmp;
    MeshChatServer first;
    MeshChatServer second;
    MeshChatApi firstApi;
    MeshChatApi secondApi;

    @BeforeEach
    void startTwoLinkedNodes() throws IOException {
        ToolCheck.requireSyncEvolution();
        first = MeshChatServer.create(tmp.resolve("first"))
                .addUser(ADMIN, ADMIN_PASSWORD, "--admin", "--call-sign", "K1SYS")
                .addUser(PEER, PEER_PASSWORD, "--peer");
        // started before the second's port is chosen: its admin connector binds a port-0 port,
        // which could otherwise be the one just chosen (and released) for the second
        first.start();
        Path credentials = tmp.resolve("peer-credentials");
        Files.writeString(credentials, first.syncUrl() + " " + PEER + " " + PEER_PASSWORD + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        second = MeshChatServer.create(tmp.resolve("second"))
                .addUser(ADMIN, ADMIN_PASSWORD, "--admin", "--call-sign", "K2SYS")
                .addUser(USER, USER_PASSWORD, "--call-sign", CALL_SIGN)
                .serveArgs("--peer", first.syncUrl(), "--peer-credentials", credentials.toString(), "--peer-interval", "2");
        second.start();
        firstApi = new MeshChatApi(first, ADMIN, ADMIN_PASSWORD);
        secondApi = new MeshChatApi(second, ADMIN, ADMIN_PASSWORD);
    }

    @AfterEach
    void stopBoth() {
        if (second != null) {
            second.stop();
        }
        if (first != null) {
            first.stop();
        }
    }

    @Test
    void aPostAMemoAndAPurgeCrossTheLinkAndReachTheClient() {
        SyncEvolutionClient client = SyncEvolutionClient.create(tmp.resolve("client"),
                SyncOptions.of(second.syncUrl(), USER, USER_PASSWORD));

        firstApi.post("K1SYS", "", "hello from the first node");
        await("the post on the first reaches the second", () -> secondApi.texts().contains("hello from the first node"));
        // a node with peers holds memo slow syncs (503) until its first peer session has completed
        await("the second has caught up with its zone", () -> !modes(second, CAUGHT_UP).isEmpty());
        sync(client, SLOW, "slow");
        assertTrue(client.memoTexts().contains("hello from the first node"), () -> "client memos: " + client.memoTexts());

        client.writeMemo("memo-1", "memo from the client\n");
        sync(client, TWO_WAY, "two-way");
        await("the client's memo reaches the first", () -> firstApi.texts().contains("memo from the client"));
        MeshChatApi.ApiMessage memo = firstApi.messages(100).stream()
                .filter(m -> m.text().equals("memo from the client")).findFirst().orElseThrow();
        assertEquals(CALL_SIGN, memo.callSign(), "it keeps the client's call sign across the link: " + memo);

        String id = firstApi.messages(100).stream().filter(m -> m.text().equals("hello from the first node"))
                .findFirst().orElseThrow().id();
        assertEquals(204, firstApi.delete(id), "admin purge on the first");
        await("the purge reaches the second", () -> !secondApi.texts().contains("hello from the first node"));
        SyncResult r = sync(client, TWO_WAY, "two-way");
        assertEquals(List.of("memo from the client"), client.memoTexts(), r::describe);
        assertEquals(List.of("memo from the client"), firstApi.texts(), "nothing came back to the first");
        assertEquals(List.of("memo from the client"), secondApi.texts());
    }

    @Test
    void restartingEitherNodeKeepsTheLinkIncremental() {
        firstApi.post("K1SYS", "", "before the restarts");
        await("the first post crosses", () -> secondApi.texts().contains("before the restarts"));
        await("the first's log shows the peer's session", () -> !modes(first, DONE).isEmpty());
        // the second logs its line only once it has the first's last reply: wait for it, or the
        // first (slow) session would be counted as one after the restarts
        await("the second's log shows that session", () -> !modes(second, PEER_SESSION).isEmpty());
        List<String> before = modes(first, DONE);
        List<String> beforeOnSecond = modes(second, PEER_SESSION);

        first.restart();
        firstApi.post("K1SYS", "", "after the first restarted");
        await("a post on the restarted first crosses", () -> secondApi.texts().contains("after the first restarted"));

        second.restart();
        firstApi.post("K1SYS", "", "after the second restarted");
        await("a post on the first crosses to the restarted second", () -> secondApi.texts().contains("after the second restarted"));
        secondApi.post("K2SYS", "", "posted on the restarted second");
        await("a post on the restarted second crosses", () -> firstApi.texts().contains("posted on the restarted second"));

        List<String> after = modes(first, DONE);
        assertTrue(after.size() > before.size(), "sessions were logged after the restarts: " + after);
        List<String> since = after.subList(before.size(), after.size());
        assertFalse(since.stream().anyMatch(NodeToNodeInteropTest::slow),
                "no slow sync after a restart; modes of the peer's sessions on the first since: " + since
                        + "\nfirst's log:\n" + first.tail());
        List<String> onSecond = modes(second, PEER_SESSION);
        List<String> sinceOnSecond = onSecond.subList(Math.min(beforeOnSecond.size(), onSecond.size()), onSecond.size());
        assertFalse(sinceOnSecond.stream().anyMatch(NodeToNodeInteropTest::slow),
                "the second's peer job logged no slow sync after a restart: " + sinceOnSecond);
        assertEquals(List.of("after the first restarted", "after the second restarted", "before the restarts",
                "posted on the restarted second"), firstApi.texts());
        assertEquals(firstApi.texts(), secondApi.texts());
    }

    private SyncResult sync(SyncEvolutionClient client, String mode, String expectedMode) {
        SyncResult r = client.sync(mode);
        assertTrue(r.succeeded(), () -> "sync failed: " + r.describe() + "\nsecond's log:\n" + second.tail());
        assertEquals(expectedMode, r.memoMode(), r::describe);
        return r;
    }

    /** The modes a server's log shows, in order: group 1 of every match of the pattern. */
    private static List<String> modes(MeshChatServer server, Pattern pattern) {
        Path log = server.dataDir().toAbsolutePath().getParent().resolve("server.log");
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = pattern.matcher(text);
            List<String> modes = new java.util.ArrayList<>();
            while (m.find()) {
                modes.add(m.group(1));
            }
            return modes;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + log + ": " + e, e);
        }
    }

    private static boolean slow(String mode) {
        return mode.equals("201") || mode.toUpperCase(java.util.Locale.ROOT).contains("SLOW");
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        if (!condition.getAsBoolean()) {
            fail(what + ": not within " + DEADLINE.toSeconds() + " s\nfirst's log:\n" + first.tail()
                    + "\nsecond's log:\n" + second.tail());
        }
    }
}
