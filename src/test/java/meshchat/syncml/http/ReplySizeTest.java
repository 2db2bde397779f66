package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every reply fits the MaxMsgSize of the client message it answers, statuses and all (issue 7, item 4). */
class ReplySizeTest {
    @TempDir
    Path data;
    SyncEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    /** The replies one session got, each checked against the MaxMsgSize of the message it answers. */
    private static final class Recorder {
        final TestSyncClient c;
        final List<SyncMessage> replies = new ArrayList<>();

        Recorder(TestSyncClient c) {
            this.c = c;
        }

        SyncMessage send(List<Command> cmds, boolean fin) throws Exception {
            SyncMessage r = c.send(cmds, fin);
            int size = SyncMLCodec.encode(r, c.encoding).length;
            assertTrue(size <= c.maxMsgSize, "reply " + r.header().msgId() + " is " + size + " bytes, over the client's "
                    + c.maxMsgSize);
            replies.add(r);
            return r;
        }

        /** Alert 222 until the server's reply carries Final (bounded: a loop would fail the test). */
        SyncMessage untilFinal(SyncMessage r, int maxExchanges) throws Exception {
            for (int i = 0; !r.fin(); i++) {
                assertTrue(i < maxExchanges, "no Final after " + maxExchanges + " exchanges");
                r = send(List.of(next()), false);
            }
            return r;
        }

        List<Status> statusesFor(String msgRef, String cmd) {
            List<Status> out = new ArrayList<>();
            for (SyncMessage m : replies) {
                for (Status s : TestSyncClient.statuses(m)) {
                    if (msgRef.equals(s.msgRef()) && cmd.equals(s.cmd())) {
                        out.add(s);
                    }
                }
            }
            return out;
        }

        List<ItemCommand> items() {
            List<ItemCommand> out = new ArrayList<>();
            for (SyncMessage m : replies) {
                for (Command cmd : m.commands()) {
                    if (cmd instanceof Sync s) {
                        s.commands().forEach(x -> out.add((ItemCommand) x));
                    }
                }
            }
            return out;
        }
    }

    static Alert next() {
        return new Alert("1", false, null, "222", List.of(new Item(Location.of("meshchat"), Location.of("./memo"),
                null, null, null, null, false)));
    }

    static Alert alert(String code, String next) {
        return new Alert("1", false, null, code, List.of(new Item(Location.of("meshchat"), Location.of("./memo"),
                MetInf.EMPTY.withAnchor(new Anchor(null, next)), null, null, null, false)));
    }

    static Sync sync(List<Command> cmds) {
        return new Sync("1", false, Location.of("meshchat"), Location.of("./memo"), null, null, cmds);
    }

    static ItemCommand add(String cmdId, List<Item> items) {
        return new ItemCommand(Command.Kind.ADD, cmdId, false, false, false, MetInf.ofType("text/plain"), items);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void fiveHundredAddsUnder4096BytesGetEveryStatusOverSeveralMessagesAndAreStoredOnce(Encoding enc) throws Exception {
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-500-" + enc, "alice", "secret");
        c.encoding = enc;
        c.maxMsgSize = 4_096;
        c.newSession();
        Recorder rec = new Recorder(c);
        rec.untilFinal(rec.send(List.of(alert("201", "A1")), true), 10);
        List<Command> adds = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            adds.add(add(Integer.toString(i + 2), List.of(Item.text(null, Location.of("L" + i), null, "note number " + i))));
        }
        String msgId = Integer.toString(c.msgId + 1);
        SyncMessage r = rec.send(List.of(sync(adds)), true);
        assertTrue(!r.fin(), "500 statuses cannot fit in 4,096 bytes: the reply must not be final");
        rec.untilFinal(r, 200);
        Map<String, Integer> byLuid = new HashMap<>();
        for (Status s : rec.statusesFor(msgId, "Add")) {
            assertEquals(201, s.code(), "status for " + s.sourceRefs());
            byLuid.merge(s.sourceRefs().get(0), 1, Integer::sum);
        }
        assertEquals(500, byLuid.size(), "a status for every Add");
        assertTrue(byLuid.values().stream().allMatch(n -> n == 1), "each status exactly once");
        assertEquals(1, rec.statusesFor(msgId, "Sync").size());
        // package 5: the session completes and the 500 notes are stored exactly once
        SyncMessage end = rec.send(List.of(new MapCommand("1", Location.of("meshchat"), Location.of("./memo"), null, List.of())), true);
        assertTrue(end.fin());
        List<Message> stored = endpoint.store.read(tx -> tx.newest(1000, null, null));
        assertEquals(500, stored.size());
        assertEquals(500, stored.stream().map(Message::text).distinct().count());
        assertTrue(rec.replies.size() > 5, "spread over several messages: " + rec.replies.size());
    }

    /** Package 2 cut short: the client's Alert 222 (even with Final) asks for the rest, it does not end package 3. */
    @Test
    void packageTwoCutShortIsFinishedBeforePackageThree() throws Exception {
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-p2", "alice", "secret");
        c.maxMsgSize = 1_700;
        c.newSession();
        Recorder rec = new Recorder(c);
        List<Command> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(new Alert(Integer.toString(i + 1), false, null, "222", List.of()));
        }
        many.add(new Alert("13", false, null, "201", List.of(new Item(Location.of("meshchat"), Location.of("./memo"),
                MetInf.EMPTY.withAnchor(new Anchor(null, "B1")), null, null, null, false))));
        SyncMessage r = rec.send(many, true);
        assertTrue(!r.fin());
        for (int i = 0; !r.fin(); i++) {
            assertTrue(i < 20);
            r = rec.send(List.of(next()), true); // Final on the 222 message, as some clients send it
        }
        assertTrue(rec.replies.stream().flatMap(m -> m.commands().stream())
                .anyMatch(x -> x instanceof Alert a && "201".equals(a.data())), "our Alert for the datastore arrived");
        assertTrue(rec.items().isEmpty());
        endpoint.store.write(tx -> tx.addMessage(Message.create("0000abcd", 1_700_000_000L, "from the server", "K1", "n", "pi", ""), "t"));
        SyncMessage p4 = rec.untilFinal(rec.send(List.of(sync(List.of())), true), 10);
        assertTrue(p4.fin());
        assertEquals(List.of("from the server"), rec.items().stream().map(i -> i.items().get(0).data()).toList(),
                "package 3 was still open: its changes were computed at its Final, not at the 222");
    }

    /**
     * Issue 7: 270,000 items in one Add got a 28 MB reply. 270,000 is over the command gate
     * (refused whole with one 413 status); 90,000 empty items (no LUID: an error status each, no
     * store work) pass the gate and their statuses arrive over many replies, each within MaxMsgSize.
     */
    @Test
    void twoHundredSeventyThousandItemsInOneAddGetRepliesWithinMaxMsgSize() throws Exception {
        for (int count : new int[] {270_000, 90_000}) {
            TestSyncClient c = new TestSyncClient(endpoint.url, "dev-" + count, "alice", "secret");
            c.encoding = Encoding.WBXML;
            c.maxMsgSize = 200_000;
            c.newSession();
            Recorder rec = new Recorder(c);
            rec.untilFinal(rec.send(List.of(alert("201", "Z1")), true), 10);
            List<Item> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(new Item(null, null, null, null, null, null, false));
            }
            String msgId = Integer.toString(c.msgId + 1);
            SyncMessage r = rec.send(List.of(sync(List.of(add("2", items)))), true);
            if (count > ServerConfig.Guards.defaults().maxCommandsPerMessage()) {
                assertEquals(1, r.commands().size(), "one SyncHdr status refuses the whole message");
                assertEquals(413, ((Status) r.commands().get(0)).code());
                continue;
            }
            assertTrue(!r.fin());
            rec.untilFinal(r, 1_000);
            List<Status> forAdd = rec.statusesFor(msgId, "Add");
            assertTrue(forAdd.stream().allMatch(st -> st.code() >= 400), "every item refused");
            assertEquals(count, forAdd.size(), "a status for every item");
            assertTrue(rec.replies.size() > 10, "spread over " + rec.replies.size() + " messages");
        }
    }

    /**
     * Review finding: a reply to Alert 222 holds two statuses, so it never counted as "alone"; an
     * item that did not fit beside them was neither chunked nor dropped, and package 4 went on
     * forever without Final. Now it is chunked (the client sends MaxObjSize), and a package 4 that
     * moves nothing is ended by the idle-exchange guard.
     */
    @Test
    void anItemThatDoesNotFitBesideTheStatusesOfAlert222StillArrives() throws Exception {
        String text = "x".repeat(3000);
        endpoint.store.write(tx -> tx.addMessage(Message.create("0badcafe", 1_800_000_000L, text, "K1", "n", "pi", ""),
                "test"));
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-222", "alice", "secret");
        c.maxMsgSize = 1_700;
        c.newSession();
        Recorder rec = new Recorder(c);
        rec.untilFinal(rec.send(List.of(alert("201", "A1")), true), 20);
        SyncMessage r = rec.untilFinal(rec.send(List.of(sync(List.of())), true), 40);
        assertTrue(r.fin());
        StringBuilder data = new StringBuilder();
        for (ItemCommand cmd : rec.items()) {
            data.append(cmd.items().get(0).data());
        }
        assertEquals(text, data.toString(), "the memo arrives whole, in chunks");
    }
}
