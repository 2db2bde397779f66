package meshchat.syncml.engine;

import static meshchat.syncml.engine.NoteClient.alert;
import static meshchat.syncml.engine.NoteClient.status;
import static meshchat.syncml.engine.NoteClient.sync;
import static meshchat.syncml.engine.NoteClient.syncs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumberOfChanges in our Sync (for a client whose DevInf says SupportNumberOfChanges) is the
 * number of item commands package 4 carries: in a two-way sync, messages left out because they
 * are over the client's MaxObjSize are not counted. (In a slow sync or refresh the count is the
 * store's count of what the client lacks, taken before any message is read and sized: messages
 * over MaxObjSize are still counted there; NumberOfChanges is informational, see README.)
 */
class NumberOfChangesTest {
    private static final String DEVICE = "noc-dev";
    private static final long MAX_OBJ = 500;

    @TempDir
    Path dir;
    Store store;
    SyncServer server;
    int session;
    int msgId;
    /** The limits in the client's SyncHdr, and whether its DevInf says SupportLargeObjs. */
    MetInf limits = MetInf.EMPTY.withMaxMsgSize(100_000L).withMaxObjSize(MAX_OBJ);
    boolean largeObjects = true;

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            return null;
        });
        server = new SyncServer(store, ServerConfig.defaults("node-s"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** {@code small} messages under the client's MaxObjSize and {@code big} over it, interleaved. */
    private Set<String> post(int small, int big, int from) {
        Set<String> fitting = new LinkedHashSet<>();
        store.write(tx -> {
            for (int i = 0; i < small + big; i++) {
                boolean isBig = i % 2 == 1 && i / 2 < big || i >= 2 * small;
                Message m = Message.create(String.format("%08x", from + i), 1_700_000_000L + from + i,
                        (isBig ? "big " + "x".repeat(800) : "small ") + i, "K1SRV", "node-s", "pi", "");
                tx.addMessage(m, "api:test");
                if (!isBig) {
                    fitting.add(m.id().value());
                }
            }
            return null;
        });
        return fitting;
    }

    private SyncMessage send(List<Command> commands, boolean fin) throws Exception {
        msgId++;
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, Integer.toString(session), Integer.toString(msgId),
                Location.of(NoteClient.ENDPOINT), new Location(DEVICE, "memo"), null, false,
                msgId == 1 ? NoteClient.basic("memo", "memo-pw") : null,
                limits);
        SyncMessage in = SyncMLCodec.decode(SyncMLCodec.encode(new SyncMessage(h, commands, fin), Encoding.WBXML),
                Encoding.WBXML);
        SyncMessage out = server.handle(in, null, NoteClient.ENDPOINT, Encoding.WBXML,
                m -> SyncMLCodec.encode(m, Encoding.WBXML).length, "127.0.0.9");
        return SyncMLCodec.decode(SyncMLCodec.encode(out, Encoding.WBXML), Encoding.WBXML);
    }

    /** A client that supports NumberOfChanges (and large objects when {@link #largeObjects}). */
    private DevInf devInf() {
        DevInf d = NoteClient.devInf(SyncMLVersion.V1_2, "text/plain", "1.0");
        return new DevInf(d.verDtd(), d.man(), d.mod(), d.oem(), d.fwV(), d.swV(), d.hwV(), d.devId(), d.devTyp(),
                false, largeObjects, true, d.dataStores(), null);
    }

    /** What package 4 of a session opened with {@code alert} carried: every Sync's NumberOfChanges, the items. */
    private record Package4(List<Long> numberOfChanges, Set<String> items) {
    }

    private Package4 session(Alert alert) throws Exception {
        session++;
        msgId = 0;
        SyncMessage p2 = send(List.of(alert, NoteClient.put(devInf(), SyncMLVersion.V1_2, Encoding.WBXML)), true);
        assertTrue(p2.fin(), p2.toString());
        SyncMessage r = send(List.of(sync("notes", List.of())), true);
        List<Long> counts = new ArrayList<>();
        Set<String> items = new LinkedHashSet<>();
        for (int messages = 1; ; messages++) {
            for (Sync s : syncs(r)) {
                counts.add(s.numberOfChanges());
                for (Command c : s.commands()) {
                    assertTrue(!c.items().get(0).moreData(), "no item is chunked here: " + c);
                    assertTrue(items.add(c.items().get(0).sourceUri()), "sent twice: " + c);
                }
            }
            if (r.fin()) {
                break;
            }
            assertTrue(messages < 50, "package 4 does not end");
            r = send(List.of(new Alert("1", false, null, "222",
                    List.of(Item.naming(Location.of("notes"), Location.of("./notes"))))), false);
        }
        List<meshchat.syncml.protocol.MapCommand.MapItem> map = new ArrayList<>();
        for (String g : items) {
            map.add(new meshchat.syncml.protocol.MapCommand.MapItem(g, "L-" + g));
        }
        assertTrue(send(List.of(NoteClient.map("notes", map)), true).fin());
        return new Package4(counts, items);
    }

    @Test
    void twoWaySyncCountsOnlyTheMessagesItSends() throws Exception {
        Package4 first = session(alert("201", "notes", null, "A1"));
        assertTrue(first.items().isEmpty());
        assertEquals(List.of(0L), first.numberOfChanges());
        Set<String> fitting = post(4, 3, 0x60000);
        Package4 p = session(alert("200", "notes", "A1", "A2"));
        assertEquals(fitting, p.items(), "the messages over MaxObjSize are left out");
        assertTrue(p.numberOfChanges().stream().allMatch(n -> n != null && n == p.items().size()),
                "NumberOfChanges " + p.numberOfChanges() + " for " + p.items().size() + " items sent");
    }
}
