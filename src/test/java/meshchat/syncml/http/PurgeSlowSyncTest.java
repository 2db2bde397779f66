package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7 item 5: a purge must not be undone by a device that still holds the purged message and
 * slow-syncs (or refreshes from the client). Whole sessions against the real endpoint.
 */
class PurgeSlowSyncTest {
    static final String DOOMED = "doomed memo";

    @TempDir
    Path data;
    Store store;
    SyncEndpoint endpoint;
    /** Each client's Next anchor of its last completed session. */
    final Map<TestSyncClient, Integer> anchors = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
        store = endpoint.store;
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    /** What one session showed the client: statuses for its package 3, and our package 4. */
    record Outcome(List<Status> pkg3Statuses, List<ItemCommand> received) {
        List<String> deletedLuids() {
            return received.stream().filter(c -> c.kind() == Command.Kind.DELETE)
                    .map(c -> c.items().get(0).targetUri()).toList();
        }

        List<String> addedTexts() {
            return received.stream().filter(c -> c.kind() == Command.Kind.ADD)
                    .map(c -> c.items().get(0).data()).toList();
        }

        String statusOf(String cmd, String luid) {
            return pkg3Statuses.stream().filter(s -> cmd.equals(s.cmd()) && s.sourceRefs().contains(luid))
                    .map(Status::data).findFirst().orElseThrow(() -> new AssertionError("no status for " + cmd + " " + luid));
        }
    }

    private TestSyncClient client(String device, String user, String password) {
        return new TestSyncClient(endpoint.url, device, user, password);
    }

    private static ItemCommand item(Command.Kind kind, int id, String luid, String text) {
        return new ItemCommand(kind, Integer.toString(id), false, false, false, MetInf.ofType("text/plain"),
                List.of(Item.text(null, Location.of(luid), null, text)));
    }

    private static ItemCommand delete(int id, String luid) {
        return new ItemCommand(Command.Kind.DELETE, Integer.toString(id), false, false, false, null,
                List.of(Item.text(null, Location.of(luid), null, null)));
    }

    private Outcome session(TestSyncClient c, int mode, Command... changes) throws Exception {
        return session(c, "meshchat", mode, changes);
    }

    /** One whole session; every Add we send is mapped under LUID "s" + GUID. */
    private Outcome session(TestSyncClient c, String db, int mode, Command... changes) throws Exception {
        c.newSession();
        Integer last = anchors.get(c);
        int next = last == null ? 1 : last + 1;
        Alert alert = new Alert("1", false, null, Integer.toString(mode), List.of(new Item(Location.of(db),
                Location.of("./memo"), MetInf.EMPTY.withAnchor(new Anchor(last == null || mode != 200 ? null : "A" + last,
                "A" + next)), null, null, null, false)));
        SyncMessage r1 = c.send(List.of(alert), true);
        assertTrue(r1.fin());
        SyncMessage r = c.send(List.of(new Sync("2", false, Location.of(db), Location.of("./memo"), null, null,
                List.of(changes))), true);
        List<Status> pkg3 = TestSyncClient.statuses(r);
        List<ItemCommand> received = new ArrayList<>();
        while (true) {
            List<MapCommand.MapItem> maps = new ArrayList<>();
            for (Command cmd : r.commands()) {
                if (cmd instanceof Sync s) {
                    for (Command inner : s.commands()) {
                        ItemCommand ic = (ItemCommand) inner;
                        received.add(ic);
                        if (ic.kind() == Command.Kind.ADD) {
                            String guid = ic.items().get(0).sourceUri();
                            maps.add(new MapCommand.MapItem(guid, "s" + guid));
                        }
                    }
                }
            }
            List<Command> ack = maps.isEmpty() ? List.of()
                    : List.of(new MapCommand("1", Location.of(db), Location.of("./memo"), null, maps));
            boolean serverDone = r.fin();
            r = c.send(ack, serverDone);
            if (serverDone) {
                assertTrue(r.fin());
                anchors.put(c, next);
                return new Outcome(pkg3, received);
            }
        }
    }

    private List<String> storedTexts() {
        return store.read(tx -> tx.newest(100, null, null)).stream().map(Message::text).toList();
    }

    /** alice's dev-a posts DOOMED, root's admin device receives it and deletes it: a zone-wide purge. */
    private TestSyncClient postAndPurge() throws Exception {
        TestSyncClient a = client("dev-a", "alice", "secret");
        session(a, 201, item(Command.Kind.ADD, 3, "a1", DOOMED), item(Command.Kind.ADD, 4, "a2", "keeper"));
        TestSyncClient root = client("dev-r", "root", "admin");
        Outcome got = session(root, 201);
        String guid = got.received().stream().filter(c -> c.items().get(0).data().contains(DOOMED))
                .findFirst().orElseThrow().items().get(0).sourceUri();
        session(root, 200, delete(3, "s" + guid));
        assertEquals(List.of("keeper"), storedTexts(), "purged zone-wide");
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADD", "REPLACE"}) // libsynthesis sends a slow sync's items as Replace
    void slowSyncOfAPurgedMemoDeletesTheClientsCopyAndNeverStoresItAgain(String kind) throws Exception {
        postAndPurge();
        TestSyncClient b = client("dev-b", "alice", "secret"); // missed the purge, lost its anchors
        Command.Kind k = Command.Kind.valueOf(kind);

        Outcome slow = session(b, 201, item(k, 3, "b7", DOOMED + "\r\n"), item(k, 4, "b8", "keeper"),
                item(k, 5, "b9", "new from b"));

        assertEquals(k == Command.Kind.ADD ? "201" : "200", slow.statusOf(kind.equals("ADD") ? "Add" : "Replace", "b7"),
                "the client is not told of a failure: it goes on and then deletes the item");
        assertEquals(List.of("b7"), slow.deletedLuids(), "package 4 deletes exactly the purged item");
        assertEquals(List.of(), slow.addedTexts(), "keeper matched, nothing else to send");
        assertEquals(List.of("keeper", "new from b"), storedTexts().stream().sorted().toList());
        assertFalse(store.read(tx -> tx.guidForLuid(new meshchat.syncml.store.ClientKey("alice", "dev-b", "meshchat"), "b7"))
                .isPresent(), "the purged item is not mapped");

        TestSyncClient c = client("dev-c", "root", "admin");
        Outcome third = session(c, 201);
        assertEquals(List.of(), third.addedTexts().stream().filter(t -> t.contains(DOOMED)).toList(),
                "nobody gets the purged message back");
        assertEquals(2, third.addedTexts().size());
    }

    @Test
    void aChannelViewIsToldToDeleteAMessagePurgedFromAnotherChannel() throws Exception {
        postAndPurge(); // DOOMED was in the default channel ""
        TestSyncClient b = client("dev-b", "alice", "secret");

        Outcome slow = session(b, "meshchat?channel=ops", 201, item(Command.Kind.ADD, 3, "b1", DOOMED));

        assertEquals(List.of("b1"), slow.deletedLuids(), "a purge is zone-wide");
        assertEquals(List.of("keeper"), storedTexts());
    }

    @Test
    void refreshFromClientNeverStoresAPurgedMemoAndItsNextSlowSyncDeletesIt() throws Exception {
        postAndPurge();
        TestSyncClient b = client("dev-b", "alice", "secret");

        Outcome refresh = session(b, 203, item(Command.Kind.ADD, 3, "b1", DOOMED), item(Command.Kind.ADD, 4, "b2", "fresh"));

        assertEquals("201", refresh.statusOf("Add", "b1"));
        assertEquals(List.of(), refresh.received(),
                "no command back in a refresh from client: libsynthesis answers it 403 and fails the sync");
        assertEquals(List.of("fresh", "keeper"), storedTexts().stream().sorted().toList());

        Outcome slow = session(b, 201, item(Command.Kind.REPLACE, 3, "b1", DOOMED), item(Command.Kind.REPLACE, 4, "b2", "fresh"));
        assertEquals(List.of("b1"), slow.deletedLuids());
        assertEquals(List.of("fresh", "keeper"), storedTexts().stream().sorted().toList());
    }

    @Test
    void aDeviceHoldingTheMemoWithItsMappingStillGetsTheDeleteInTwoWay() throws Exception {
        TestSyncClient a = postAndPurge();
        Outcome twoWay = session(a, 200);
        assertEquals(List.of("a1"), twoWay.deletedLuids());
    }

    @Test
    void aTwoWayAddOfThePurgedTextIsAUserTypingItAgainAndIsPosted() throws Exception {
        TestSyncClient a = postAndPurge();
        session(a, 200);

        Outcome twoWay = session(a, 200, item(Command.Kind.ADD, 3, "a9", DOOMED));

        assertEquals("201", twoWay.statusOf("Add", "a9"));
        assertEquals(List.of(), twoWay.deletedLuids());
        assertEquals(List.of(DOOMED, "keeper"), storedTexts().stream().sorted().toList(),
                "the rule is scoped to slow sync and refresh from the client");

        // a device still holding the purged copy slow-syncs: its copy goes, the re-typed one comes
        TestSyncClient b = client("dev-b", "alice", "secret");
        Outcome slow = session(b, 201, item(Command.Kind.REPLACE, 3, "b1", DOOMED));
        assertEquals(List.of("b1"), slow.deletedLuids());
        assertEquals(List.of(DOOMED, "keeper"), slow.addedTexts().stream().sorted().toList());
        assertEquals(List.of(DOOMED, "keeper"), storedTexts().stream().sorted().toList(), "nothing duplicated");
    }
}
