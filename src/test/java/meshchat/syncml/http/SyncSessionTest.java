package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole SyncML sessions against the real endpoint (Jetty on an ephemeral port, Derby in a temp folder). */
class SyncSessionTest {
    @TempDir
    Path data;
    Store store;
    SyncEndpoint endpoint;
    String url;
    int anchor;

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
        store = endpoint.store;
        url = endpoint.url;
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private Alert alert(int code, String last, String next) {
        return Alert.of("1", AlertCode.byCode(code).orElseThrow(), Item.withData(Location.of("meshchat"),
                Location.of("./memo"), MetInf.EMPTY.withAnchor(new Anchor(last, next)), null));
    }

    private static ItemCommand add(int id, String luid, String text) {
        return ItemCommand.add(Integer.toString(id), MetInf.ofType("text/plain"),
                List.of(Item.withData(null, Location.of(luid), null, text)));
    }

    private static Sync sync(String id, Command... cmds) {
        return new Sync(id, false, Location.of("meshchat"), Location.of("./memo"), null, null, List.of(cmds));
    }

    /** Runs one whole session; returns the server's package-4 commands; maps every Add under LUID "s"+n. */
    private List<ItemCommand> session(TestSyncClient c, int mode, List<Command> changes) throws Exception {
        c.newSession();
        String last = anchor == 0 ? null : "A" + anchor;
        String next = "A" + (++anchor);
        SyncMessage r1 = c.send(List.of(alert(mode, last, next)), true);
        assertTrue(r1.fin());
        List<Command> pkg3 = new ArrayList<>();
        pkg3.add(sync("2", changes.toArray(Command[]::new)));
        SyncMessage r = c.send(pkg3, true);
        List<ItemCommand> received = new ArrayList<>();
        List<MapCommand.MapItem> maps = new ArrayList<>();
        while (true) {
            for (Command cmd : r.commands()) {
                if (cmd instanceof Sync s) {
                    for (Command inner : s.commands()) {
                        ItemCommand ic = (ItemCommand) inner;
                        received.add(ic);
                        if (ic.kind() == Command.Kind.ADD) {
                            maps.add(new MapCommand.MapItem(ic.items().get(0).sourceUri(), "s" + ic.items().get(0).sourceUri()));
                        }
                    }
                }
            }
            List<Command> ack = new ArrayList<>();
            if (!maps.isEmpty()) {
                ack.add(new MapCommand("1", Location.of("meshchat"), Location.of("./memo"), null, List.copyOf(maps)));
                maps.clear();
            }
            boolean serverDone = r.fin();
            r = c.send(ack, serverDone);
            if (serverDone) {
                assertTrue(r.fin());
                return received;
            }
        }
    }

    @Test
    void slowSyncStoresClientMemosAnd212CarriesNextNonce() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-1", "alice", "secret");
        c.newSession();
        SyncMessage r1 = c.send(List.of(alert(201, null, "A1")), true);
        Status hdr = (Status) r1.commands().get(0);
        assertEquals("212", hdr.data());
        assertNotNull(hdr.chal().nextNonce());
        Status alertStatus = (Status) r1.commands().get(1);
        assertEquals("200", alertStatus.data());
        assertEquals("A1", alertStatus.items().get(0).anchor().next());
        Alert serverAlert = (Alert) r1.commands().get(2);
        assertEquals("201", serverAlert.data());
        assertTrue(r1.header().respUri().contains("sessionid="));

        SyncMessage r2 = c.send(List.of(sync("2", add(3, "m1", "Grüße vom Berg ✓\r\n\r\n"), add(4, "m2", "second"))), true);
        List<Status> st = TestSyncClient.statuses(r2);
        assertEquals(List.of("200", "200", "201", "201"), st.stream().map(Status::data).toList());
        assertTrue(r2.fin());
        SyncMessage r3 = c.send(List.of(), true);
        assertTrue(r3.fin());
        List<Message> stored = store.read(tx -> tx.newest(10, null, null));
        assertEquals(List.of("Grüße vom Berg ✓", "second"), stored.stream().map(Message::text).sorted().toList());
        assertEquals("N0CALL", stored.get(0).callSign());
        assertEquals("node-t", stored.get(0).node());
    }

    @Test
    void twoWaySyncAfterSlowSyncSendsOnlyNewMessagesAndNeverEchoes() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-2", "alice", "secret");
        session(c, 201, List.of(add(3, "m1", "from client")));
        store.write(tx -> tx.addMessage(Message.create("0badcafe", 1_800_000_000L, "from api", "K1", "n", "pi", ""), "test"));
        List<ItemCommand> got = session(c, 200, List.of(add(3, "m2", "another from client")));
        assertEquals(1, got.size());
        assertEquals("from api", got.get(0).items().get(0).data());
        assertEquals(0, session(c, 200, List.of()).size(), "nothing new: nothing sent");
    }

    @Test
    void anchorMismatchAnswers508ThenSlowSyncs() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-3", "alice", "secret");
        session(c, 201, List.of());
        c.newSession();
        SyncMessage r = c.send(List.of(alert(200, "not-what-you-stored", "X2")), true);
        Status s = (Status) r.commands().get(1);
        assertEquals("508", s.data());
        assertEquals("201", ((Alert) r.commands().get(2)).data());
    }

    @Test
    void wrongPasswordIsRefusedWith401AndChallenge() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-4", "alice", "wrong");
        c.newSession();
        SyncMessage r = c.send(List.of(alert(201, null, "A1")), true);
        Status hdr = (Status) r.commands().get(0);
        assertEquals("401", hdr.data());
        assertEquals("syncml:auth-md5", hdr.chal().type());
        assertNotNull(hdr.chal().nextNonce());
        assertEquals(1, r.commands().size(), "a refused message gets one status, not one per command");
        assertEquals(0L, (long) store.read(tx -> tx.lastSeq()));
        // the right password with the new nonce, in a new session, is accepted (what SyncEvolution does)
        c.password = "secret";
        c.newSession();
        assertEquals("212", ((Status) c.send(List.of(alert(201, null, "A1")), true).commands().get(0)).data());
    }

    @Test
    void resentMessageGetsTheSameReplyAndIsAppliedOnce() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-5", "alice", "secret");
        c.newSession();
        c.send(List.of(alert(201, null, "A1")), true);
        c.msgId++;
        var hdr = new meshchat.syncml.protocol.SyncHdr(c.version, Integer.toString(c.sessionId), Integer.toString(c.msgId),
                Location.of(c.respUri), new Location(c.device, c.user), null, false, null, MetInf.EMPTY.withMaxMsgSize(150000L));
        byte[] body = SyncMLCodec.encode(new SyncMessage(hdr, List.of(sync("2", add(3, "m1", "once"))), true), c.encoding);
        SyncMessage first = c.post(body);
        SyncMessage again = c.post(body);
        assertEquals(first, again);
        assertEquals(1, store.read(tx -> tx.newest(10, null, null)).size());
    }

    @Test
    void adminDeletePurgesAndOtherAccountsDeleteOnlyHides() throws Exception {
        TestSyncClient alice = new TestSyncClient(url, "dev-a", "alice", "secret");
        session(alice, 201, List.of(add(3, "a1", "alice's words")));
        TestSyncClient root = new TestSyncClient(url, "dev-r", "root", "admin");
        anchor = 0;
        List<ItemCommand> rootGot = session(root, 201, List.of());
        assertEquals(1, rootGot.size());
        String guid = rootGot.get(0).items().get(0).sourceUri();
        ItemCommand del = ItemCommand.delete("3", null,
                List.of(Item.withData(null, Location.of("s" + guid), null, null)));
        session(root, 200, List.of(del));
        assertTrue(store.read(tx -> tx.newest(10, null, null)).isEmpty(), "purged zone-wide");
        assertTrue(store.read(tx -> tx.tombstone(meshchat.syncml.chat.MessageId.parseOrNull(guid))).isPresent());
        // alice's device learns of the purge as a Delete of its own LUID
        anchor = 1;
        List<ItemCommand> aliceGot = session(alice, 200, List.of());
        assertEquals(1, aliceGot.size());
        assertEquals(Command.Kind.DELETE, aliceGot.get(0).kind());
        assertEquals("a1", aliceGot.get(0).items().get(0).targetUri());
    }

    @Test
    void malformedBodyIsA400WithAReason() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-6", "alice", "secret");
        try {
            c.post("<SyncML><SyncHdr>".getBytes());
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("HTTP 400: malformed SyncML message"), e.getMessage());
            assertEquals(400, c.lastHttpStatus);
            return;
        }
        assertFalse(true, "a malformed body must be refused");
    }

    @Test
    void interruptedSessionLeavesTheOldAnchorsValidAndLosesNothing() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-i", "alice", "secret");
        session(c, 201, List.of(add(3, "m1", "before")));
        store.write(tx -> tx.addMessage(Message.create("0badf00d", 1_800_000_000L, "while away", "K1", "n", "pi", ""), "test"));
        c.newSession();
        assertEquals("200", ((Status) c.send(List.of(alert(200, "A1", "A2")), true).commands().get(1)).data());
        SyncMessage pkg4 = c.send(List.of(sync("2")), true);
        assertTrue(pkg4.commands().stream().anyMatch(x -> x instanceof Sync s && s.commands().size() == 1));
        // ... the client dies here: no statuses, no Map, its anchor stays A1
        c.newSession();
        SyncMessage r = c.send(List.of(alert(200, "A1", "A3")), true);
        assertEquals("200", ((Status) r.commands().get(1)).data(), "not a slow sync");
        SyncMessage again = c.send(List.of(sync("2")), true);
        Sync s = (Sync) again.commands().stream().filter(x -> x instanceof Sync).findFirst().orElseThrow();
        assertEquals("while away", s.commands().get(0).items().get(0).data(), "the unacknowledged Add comes again");
    }

    @Test
    void alert222PingPongIsCutOff() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-p", "alice", "secret");
        c.newSession();
        c.send(List.of(alert(201, null, "A1")), true);
        Alert next = Alert.of("1", AlertCode.NEXT_MESSAGE, Item.naming(Location.of("meshchat"), Location.of("./memo")));
        int answered = 0;
        String cutOffBy = null;
        for (int i = 0; i < 30 && cutOffBy == null; i++) {
            SyncMessage r;
            try {
                r = c.send(List.of(next), false);
            } catch (IllegalStateException e) {
                // an HTTP-level refusal ends the session too, but only a 4xx, never a server failure
                assertTrue(c.lastHttpStatus >= 400 && c.lastHttpStatus < 500, e.getMessage());
                cutOffBy = "HTTP " + c.lastHttpStatus;
                break;
            }
            Status hdr = (Status) r.commands().get(0);
            if (!hdr.is(StatusCode.OK)) {
                cutOffBy = "SyncHdr status " + hdr.data(); // the session is gone: its SyncHdr is no longer accepted
            } else {
                answered++;
            }
        }
        assertNotNull(cutOffBy, "30 exchanges of Alert 222 and no end: " + answered + " answered");
        // SessionProcessor.MAX_IDLE_EXCHANGES is 10: the ping-pong goes on that long (11 answers here), then ends
        assertTrue(answered >= 10, "cut off (" + cutOffBy + ") before the ping-pong ran: " + answered);
        assertTrue(answered <= 12, "cut off (" + cutOffBy + ") too late: " + answered);
    }

    @Test
    void replaceWithUnchangedTextIsANoOpAndWithNewTextPostsACorrection() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-e", "alice", "secret");
        session(c, 201, List.of(add(3, "m1", "origianl text")));
        ItemCommand same = ItemCommand.replace("3", MetInf.ofType("text/plain"),
                List.of(Item.withData(null, Location.of("m1"), null, "origianl text\r\n\r\n")));
        session(c, 200, List.of(same));
        assertEquals(List.of("origianl text"), store.read(tx -> tx.newest(10, null, null)).stream().map(Message::text).toList());
        ItemCommand edit = ItemCommand.replace("3", MetInf.ofType("text/plain"),
                List.of(Item.withData(null, Location.of("m1"), null, "original text")));
        session(c, 200, List.of(edit));
        assertEquals(List.of("origianl text", "original text"),
                store.read(tx -> tx.newest(10, null, null)).stream().map(Message::text).sorted().toList());
        // the client's item now stands for the correction: deleting it (non-admin) hides the correction only
        ItemCommand del = ItemCommand.delete("3", null,
                List.of(Item.withData(null, Location.of("m1"), null, null)));
        session(c, 200, List.of(del));
        assertEquals(List.of("origianl text"), store.read(tx -> tx.newest(10, null, "alice")).stream().map(Message::text).toList());
    }

    /** Our package-6 reply is lost: we committed, the client did not, and it comes back with its old anchor. */
    @Test
    void lostFinalReplyDoesNotForceASlowSync() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-l", "alice", "secret");
        session(c, 201, List.of(add(3, "m1", "first")));                 // completes with client anchor A1
        store.write(tx -> tx.addMessage(Message.create("0badbeef", 1_800_000_000L, "second", "K1", "n", "pi", ""), "test"));
        session(c, 200, List.of());                                        // A1 -> A2, we commit; pretend the reply was lost
        c.newSession();
        SyncMessage r = c.send(List.of(alert(200, "A1", "A3")), true);     // the client still believes in A1
        assertEquals("200", ((Status) r.commands().get(1)).data(), "the previous anchor is accepted: no 508");
        Alert ours = (Alert) r.commands().get(2);
        assertEquals("200", ours.data());
        SyncMessage pkg4 = c.send(List.of(sync("2")), true);
        Sync s = (Sync) pkg4.commands().stream().filter(x -> x instanceof Sync).findFirst().orElseThrow();
        assertEquals(0, s.commands().size(), "what the lost session delivered and mapped is not sent again");
        c.send(List.of(), true);
        // and the session after that works from the new anchors as usual
        c.newSession();
        assertEquals("200", ((Status) c.send(List.of(alert(200, "A3", "A4")), true).commands().get(1)).data());
    }
}
