package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.ServerConfig;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Oversized LUIDs, anchors and large objects get a 4xx for that item; the session goes on (issue 7, item 7). */
class HostileSizesTest {
    @TempDir
    Path data;
    SyncEndpoint endpoint;

    @AfterEach
    void stop() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private TestSyncClient client(String device) {
        TestSyncClient c = new TestSyncClient(endpoint.url, device, "alice", "secret");
        c.newSession();
        return c;
    }

    private static Alert alert(String code, String last, String next) {
        return new Alert("1", false, null, code, List.of(new Item(Location.of("meshchat"), Location.of("./memo"),
                MetInf.EMPTY.withAnchor(new Anchor(last, next)), null, null, null, false)));
    }

    private static Sync sync(Command... cmds) {
        return new Sync("1", false, Location.of("meshchat"), Location.of("./memo"), null, null, List.of(cmds));
    }

    private static ItemCommand add(String cmdId, String luid, String text) {
        return new ItemCommand(Command.Kind.ADD, cmdId, false, false, false, MetInf.ofType("text/plain"),
                List.of(Item.text(null, Location.of(luid), null, text)));
    }

    private static ItemCommand chunk(String luid, String text, Long size, boolean more) {
        return new ItemCommand(Command.Kind.ADD, "2", false, false, false, MetInf.ofType("text/plain"),
                List.of(new Item(null, Location.of(luid), size == null ? null : MetInf.EMPTY.withSize(size), text, null, null, more)));
    }

    private static Status statusFor(SyncMessage r, String cmd) {
        return TestSyncClient.statuses(r).stream().filter(s -> cmd.equals(s.cmd())).findFirst().orElseThrow();
    }

    private static int headerStatus(SyncMessage r) {
        return ((Status) r.commands().get(0)).code();
    }

    @Test
    void luidOverTheStoreLimitGets414ForThatItemOnly() throws Exception {
        endpoint = SyncEndpoint.start(data);
        TestSyncClient c = client("dev-luid");
        c.send(List.of(alert("201", null, "A1")), true);
        SyncMessage r = c.send(List.of(sync(add("2", "L".repeat(300), "too long an id"), add("3", "L2", "a fine one"))), true);
        assertEquals(200, headerStatus(r), "no 511: the session goes on");
        List<Status> adds = TestSyncClient.statuses(r).stream().filter(s -> "Add".equals(s.cmd())).toList();
        assertEquals(List.of(414, 201), adds.stream().map(Status::code).toList());
        SyncMessage end = c.send(List.of(new MapCommand("1", Location.of("meshchat"), Location.of("./memo"), null,
                List.of(new MapCommand.MapItem("0000aaaa-1700000000-00000000", "M".repeat(300))))), true);
        assertEquals(200, headerStatus(end));
        assertEquals(414, statusFor(end, "Map").code());
        assertTrue(end.fin());
        assertEquals(List.of("a fine one"), endpoint.store.read(tx -> tx.newest(10, null, null)).stream().map(Message::text).toList());
    }

    @Test
    void anchorOverTheStoreLimitGets400AndTheSessionEndsCleanly() throws Exception {
        endpoint = SyncEndpoint.start(data);
        TestSyncClient c = client("dev-anchor");
        SyncMessage r = c.send(List.of(alert("200", "x".repeat(300), "y".repeat(300))), true);
        assertEquals(400, statusFor(r, "Alert").code());
        SyncMessage r2 = c.send(List.of(sync(add("2", "L1", "into no datastore"))), true);
        assertEquals(200, headerStatus(r2), "no 511: the session goes on");
        for (int i = 0; !r2.fin() && i < 5; i++) {
            r2 = c.send(List.of(), true);
            assertEquals(200, headerStatus(r2));
        }
        assertTrue(endpoint.store.read(tx -> tx.newest(10, null, null)).isEmpty(), "nothing applied");
        // a sane anchor in the next session works
        c.newSession();
        SyncMessage again = c.send(List.of(alert("201", null, "B1")), true);
        assertEquals(200, statusFor(again, "Alert").code());
    }

    @Test
    void chunkTakingTheDataPastTheDeclaredSizeIsRefusedAtOnce() throws Exception {
        endpoint = SyncEndpoint.start(data);
        TestSyncClient c = client("dev-size");
        c.send(List.of(alert("201", null, "S1")), true);
        SyncMessage r1 = c.send(List.of(sync(chunk("L1", "abc", 5L, true))), false);
        assertEquals(213, statusFor(r1, "Add").code());
        SyncMessage r2 = c.send(List.of(sync(chunk("L1", "defgh", null, true))), false);
        assertEquals(424, statusFor(r2, "Add").code(), "8 bytes of a declared 5: refused before the last chunk");
        SyncMessage r3 = c.send(List.of(sync(chunk("L1", "ij", null, false))), true);
        assertEquals(200, headerStatus(r3));
        assertTrue(endpoint.store.read(tx -> tx.newest(10, null, null)).isEmpty());
    }

    @Test
    void bufferedLargeObjectsOfOneAccountAreCappedAcrossItsSessions() throws Exception {
        endpoint = SyncEndpoint.start(data, new ServerConfig("node-t", "meshchat", "", 1_000_000, 1_000,
                Duration.ofMinutes(5), 1_500));
        TestSyncClient a = client("dev-lo-a");
        TestSyncClient b = client("dev-lo-b");
        a.send(List.of(alert("201", null, "A1")), true);
        b.send(List.of(alert("201", null, "B1")), true);
        SyncMessage ra = a.send(List.of(sync(chunk("LA", "a".repeat(900), 1_000L, true))), false);
        assertEquals(213, statusFor(ra, "Add").code());
        SyncMessage rb = b.send(List.of(sync(chunk("LB", "b".repeat(900), 1_000L, true))), false);
        assertEquals(413, statusFor(rb, "Add").code(), "1,800 bytes buffered for alice would pass the 1,500 cap");
        SyncMessage ra2 = a.send(List.of(sync(chunk("LA", "a".repeat(100), null, false))), true);
        assertEquals(201, statusFor(ra2, "Add").code());
        SyncMessage rb2 = b.send(List.of(sync(chunk("LB", "b".repeat(900), 1_000L, true))), false);
        assertEquals(213, statusFor(rb2, "Add").code(), "room again once the first object is complete");
    }
}
