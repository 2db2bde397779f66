package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.REFRESH_FROM_CLIENT;
import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;
import static meshchat.syncml.interop.SyncEvolutionClient.TWO_WAY;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 5 with the real SyncEvolution client: a purge is not undone by a second device
 * that still holds the purged memo and slow-syncs (or refreshes from the client). Two client
 * configs with two device ids, one account; the admin purges through the JSON API.
 */
class SyncEvolutionPurgeTest {
    static final String USER = "dl1abc";
    static final String PASSWORD = "correct horse";
    static final String ADMIN = "sysop";
    static final String ADMIN_PASSWORD = "battery staple";
    static final String DOOMED = "doomed memo";

    @TempDir
    Path tmp;

    MeshChatServer server;
    MeshChatApi api;

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

    private SyncEvolutionClient client(String name) {
        return SyncEvolutionClient.create(tmp.resolve(name), SyncOptions.of(server.syncUrl(), USER, PASSWORD));
    }

    private SyncResult sync(SyncEvolutionClient client, String mode, String expectedMode) {
        SyncResult r = client.sync(mode);
        assertTrue(r.succeeded(), () -> "sync failed: " + r.describe() + "\nserver log:\n" + server.tail());
        assertEquals(expectedMode, r.memoMode(), r::describe);
        return r;
    }

    /** Device 1 posts DOOMED and "keeper", device 2 receives both, then the admin purges DOOMED by the API. */
    private SyncEvolutionClient[] twoDevicesHoldingThePurgedMemo() {
        SyncEvolutionClient first = client("device-1");
        first.writeMemo("memo-doomed", DOOMED + "\n");
        first.writeMemo("memo-keeper", "keeper\n");
        sync(first, SLOW, "slow");
        SyncEvolutionClient second = client("device-2");
        sync(second, SLOW, "slow");
        assertEquals(List.of(DOOMED, "keeper"), second.memoTexts());
        String id = api.messages(100).stream().filter(m -> m.text().equals(DOOMED)).findFirst().orElseThrow().id();
        assertEquals(204, api.delete(id), "admin purge through the API");
        assertEquals(List.of("keeper"), api.texts());
        return new SyncEvolutionClient[] {first, second};
    }

    @Test
    void slowSyncOfADeviceHoldingAPurgedMemoDeletesItThereAndDoesNotBringItBack() {
        SyncEvolutionClient[] devices = twoDevicesHoldingThePurgedMemo();
        SyncEvolutionClient second = devices[1];

        SyncResult r = sync(second, SLOW, "slow");

        assertAll(
                () -> assertEquals(201, r.outgoing().syncAlert(), r::describe),
                () -> assertEquals(List.of("keeper"), second.memoTexts(), "its memo file of the purged message is gone"),
                () -> assertEquals(1, r.stat("local", "removed"), r::describe),
                () -> assertEquals(List.of("keeper"), api.texts(), "the server does not hold it again"));

        SyncResult first = sync(devices[0], TWO_WAY, "two-way");
        assertAll(
                () -> assertEquals(List.of("keeper"), devices[0].memoTexts(), first::describe),
                () -> assertEquals(List.of("keeper"), api.texts()));
    }

    @Test
    void refreshFromClientOfADeviceHoldingAPurgedMemoNeverStoresItAndTheNextSlowSyncDeletesIt() {
        SyncEvolutionClient second = twoDevicesHoldingThePurgedMemo()[1];

        // The client refuses any server command in this mode (403 "Server command not allowed in
        // one-way/refresh from client", and the sync fails), so it keeps its copy for now.
        SyncResult r = sync(second, REFRESH_FROM_CLIENT, "refresh-from-local");

        assertAll(
                () -> assertEquals(203, r.outgoing().syncAlert(), r::describe),
                () -> assertEquals(List.of("keeper"), api.texts(), "the server does not hold it again"),
                () -> assertEquals(List.of(DOOMED, "keeper"), second.memoTexts()));

        SyncResult slow = sync(second, SLOW, "slow");
        assertAll(
                () -> assertEquals(List.of("keeper"), second.memoTexts(), slow::describe),
                () -> assertEquals(List.of("keeper"), api.texts()));
    }
}
