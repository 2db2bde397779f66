package meshchat.syncml.engine;

import static meshchat.syncml.engine.NoteClient.add;
import static meshchat.syncml.engine.NoteClient.alert;
import static meshchat.syncml.engine.NoteClient.hdr;
import static meshchat.syncml.engine.NoteClient.itemStatuses;
import static meshchat.syncml.engine.NoteClient.status;
import static meshchat.syncml.engine.NoteClient.sync;
import static meshchat.syncml.engine.NoteClient.syncs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply cut short of the client's MaxMsgSize (statuses or our commands carried over, no Final)
 * must not cost the client package 4: whether the client asks for the rest with Alert 222 first,
 * sends its package 3 (with Final) at once, or its package 3 arrives in the message whose reply
 * is cut, every message the client lacks goes out before Final, the session completes with its
 * Map, and the next two-way sync sends exactly what is new since.
 */
class PackageThreeAfterCutReplyTest {
    /** Package 2 of a device without stored DevInf in WBXML: the SyncHdr status, the Alert's status and our Alert fit, our Get does not. */
    private static final long CUTS_PACKAGE_2 = 400;
    private static final long ROOMY = 100_000;
    private static final String DEVICE = "cut-dev";

    @TempDir
    Path dir;
    Store store;
    SyncServer server;
    int session;
    int msgId;
    final Set<String> seeded = new LinkedHashSet<>();

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            for (int i = 0; i < 5; i++) {
                Message m = Message.create(String.format("%08x", 0x30000 + i), 1_700_000_000L + i, "server note " + i,
                        "K1SRV", "node-s", "pi", "");
                tx.addMessage(m, "api:test");
                seeded.add(m.id().value());
            }
            return null;
        });
        server = new SyncServer(store, ServerConfig.defaults("node-s"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void newSession() {
        session++;
        msgId = 0;
    }

    private SyncMessage send(long maxMsgSize, List<Command> commands, boolean fin) throws Exception {
        msgId++;
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, Integer.toString(session), Integer.toString(msgId),
                Location.of(NoteClient.ENDPOINT), new Location(DEVICE, "memo"), null, false,
                msgId == 1 ? NoteClient.basic("memo", "memo-pw") : null, MetInf.EMPTY.withMaxMsgSize(maxMsgSize));
        SyncMessage in = SyncMLCodec.decode(SyncMLCodec.encode(new SyncMessage(h, commands, fin), Encoding.WBXML),
                Encoding.WBXML);
        SyncMessage out = server.handle(in, null, NoteClient.ENDPOINT, Encoding.WBXML,
                m -> SyncMLCodec.encode(m, Encoding.WBXML).length, "127.0.0.9");
        return SyncMLCodec.decode(SyncMLCodec.encode(out, Encoding.WBXML), Encoding.WBXML);
    }

    private static Alert next() {
        return new Alert("1", false, null, "222", List.of(Item.naming(Location.of("notes"), Location.of("./notes"))));
    }

    /** The GUIDs of the Adds in our Syncs of {@code r}, each once. */
    private static void collect(SyncMessage r, Set<String> got) {
        for (Sync s : syncs(r)) {
            for (Command c : s.commands()) {
                for (Item i : c.items()) {
                    assertTrue(got.add(i.sourceUri()), "sent twice: " + i.sourceUri());
                }
            }
        }
    }

    /** From reply {@code r} on, Alert 222 until Final: the GUIDs of our Adds, the replies seen. */
    private Set<String> untilFinal(SyncMessage r, long maxMsgSize, List<SyncMessage> seen) throws Exception {
        Set<String> got = new LinkedHashSet<>();
        for (int messages = 1; ; messages++) {
            seen.add(r);
            collect(r, got);
            if (r.fin()) {
                return got;
            }
            assertTrue(messages < 50, "the package does not end");
            r = send(maxMsgSize, List.of(next()), false);
        }
    }

    /** Package 5 (a Map for every Add received) and package 6; then the anchors A1 are saved. */
    private void mapAndComplete(Set<String> got, long maxMsgSize) throws Exception {
        List<MapCommand.MapItem> items = new ArrayList<>();
        int n = 100;
        for (String guid : got) {
            items.add(new MapCommand.MapItem(guid, "L" + n++));
        }
        SyncMessage r = send(maxMsgSize, List.of(NoteClient.map("notes", items)), true);
        List<SyncMessage> seen = new ArrayList<>();
        assertTrue(untilFinal(r, maxMsgSize, seen).isEmpty(), "nothing more of package 4 after the Map: " + seen);
        assertEquals("200", status(seen.get(0), "Map", null).data());
        assertTrue(store.read(tx -> tx.syncState(key())).isPresent(), "the session completed: anchors saved");
    }

    private static ClientKey key() {
        return new ClientKey("memo", DEVICE, ServerConfig.datastoreName("notes"));
    }

    /** A two-way sync after the first: only a message posted since goes out, nothing is sent again. */
    private void nextTwoWaySyncSendsOnlyWhatIsNew() throws Exception {
        Message later = Message.create("00040000", 1_700_100_000L, "posted after the first sync", "K1SRV", "node-s", "pi", "");
        store.write(tx -> tx.addMessage(later, "api:test"));
        newSession();
        SyncMessage p2 = send(ROOMY, List.of(alert("200", "notes", "A1", "A2")), true);
        assertEquals("200", status(p2, "Alert", "1").data(), "anchors match: two-way, not a slow sync: " + p2);
        List<SyncMessage> seen = new ArrayList<>();
        if (!p2.fin()) {
            untilFinal(p2, ROOMY, seen);
        }
        Set<String> got = untilFinal(send(ROOMY, List.of(sync("notes", List.of())), true), ROOMY, seen);
        assertEquals(Set.of(later.id().value()), got, "the next two-way sync: only what is new");
    }

    /** The replies up to Final carry every seeded message; the Map completes the session; the next two-way sync is incremental. */
    private void allOfPackageFourThenComplete(SyncMessage r, long limits, List<SyncMessage> seen) throws Exception {
        Set<String> got = untilFinal(r, limits, seen);
        assertEquals(seeded, got, "package 4 before Final: " + seen);
        mapAndComplete(got, limits);
        nextTwoWaySyncSendsOnlyWhatIsNew();
    }

    private SyncMessage cutPackageTwo() throws Exception {
        newSession();
        SyncMessage p2 = send(CUTS_PACKAGE_2, List.of(alert("201", "notes", null, "A1")), true);
        assertEquals("212", hdr(p2));
        assertFalse(p2.fin(), "the test needs package 2 cut: " + p2);
        return p2;
    }

    /** The client sends its package 3 with Final at once, without asking for the rest of package 2. */
    @Test
    void packageThreeWithFinalRightAfterACutPackageTwoGetsPackageFour() throws Exception {
        cutPackageTwo();
        SyncMessage r = send(ROOMY, List.of(sync("notes", List.of(add(10, "c1", "text/plain", null, "from the client")))), true);
        assertEquals("201", itemStatuses(r).get(0).data(), r.toString());
        List<SyncMessage> seen = new ArrayList<>();
        allOfPackageFourThenComplete(r, ROOMY, seen);
    }

    /** As above with the small MaxMsgSize kept all session: package 4 goes out over several messages. */
    @Test
    void packageThreeWithFinalRightAfterACutPackageTwoSmallMessagesAllSession() throws Exception {
        cutPackageTwo();
        SyncMessage r = send(CUTS_PACKAGE_2, List.of(sync("notes", List.of(add(10, "c1", "text/plain", null, "from the client")))), true);
        List<SyncMessage> seen = new ArrayList<>();
        allOfPackageFourThenComplete(r, CUTS_PACKAGE_2, seen);
    }

    /** The spec's way: Alert 222 for the rest of package 2 (without Final), then package 3 with Final. */
    @Test
    void alert222ForTheRestOfPackageTwoThenPackageThree() throws Exception {
        cutPackageTwo();
        List<SyncMessage> seen = new ArrayList<>();
        SyncMessage rest = send(CUTS_PACKAGE_2, List.of(next()), false);
        assertTrue(untilFinal(rest, CUTS_PACKAGE_2, seen).isEmpty());
        assertTrue(seen.get(seen.size() - 1).fin(), "package 2 ends");
        SyncMessage r = send(ROOMY, List.of(sync("notes", List.of(add(10, "c1", "text/plain", null, "from the client")))), true);
        allOfPackageFourThenComplete(r, ROOMY, seen);
    }

    /** Alert 222 with Final (some clients end every message with Final), then package 3. */
    @Test
    void alert222WithFinalForTheRestOfPackageTwoThenPackageThree() throws Exception {
        cutPackageTwo();
        List<SyncMessage> seen = new ArrayList<>();
        SyncMessage rest = send(CUTS_PACKAGE_2, List.of(next()), true);
        assertTrue(rest.fin(), "the rest of package 2 and its Final: " + rest);
        assertTrue(syncs(rest).isEmpty(), "no package 4 before the client's package 3: " + rest);
        SyncMessage r = send(ROOMY, List.of(sync("notes", List.of(add(10, "c1", "text/plain", null, "from the client")))), true);
        allOfPackageFourThenComplete(r, ROOMY, seen);
    }

    /** Alert 222 and package 3 with Final in one message. */
    @Test
    void alert222AndPackageThreeInOneMessage() throws Exception {
        cutPackageTwo();
        SyncMessage r = send(ROOMY, List.of(next(),
                sync("notes", List.of(add(10, "c1", "text/plain", null, "from the client")))), true);
        List<SyncMessage> seen = new ArrayList<>();
        allOfPackageFourThenComplete(r, ROOMY, seen);
    }

    /** Packages 1 and 3 in one message (Alert, Sync, Final) whose reply is cut. */
    @Test
    void packagesOneAndThreeInOneMessageWhoseReplyIsCut() throws Exception {
        newSession();
        SyncMessage r = send(CUTS_PACKAGE_2, List.of(alert("201", "notes", null, "A1"),
                sync("notes", List.of(add(10, "c1", "text/plain", null, "from the client")))), true);
        assertEquals("212", hdr(r));
        assertFalse(r.fin(), "the test needs the reply cut: " + r);
        List<SyncMessage> seen = new ArrayList<>();
        allOfPackageFourThenComplete(r, CUTS_PACKAGE_2, seen);
    }

    /** Package 3 with Final whose own statuses do not fit one reply: they go first, package 4 after them. */
    @Test
    void packageThreeWithFinalWhoseStatusesAreCut() throws Exception {
        newSession();
        SyncMessage p2 = send(ROOMY, List.of(alert("201", "notes", null, "A1")), true);
        assertTrue(p2.fin());
        List<Command> adds = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            adds.add(add(10 + i, "c" + i, "text/plain", null, "client note " + i));
        }
        SyncMessage r = send(1_000, List.of(sync("notes", adds)), true);
        assertFalse(r.fin(), "the test needs the reply to package 3 cut: " + r);
        List<SyncMessage> seen = new ArrayList<>();
        Set<String> got = untilFinal(r, 1_000, seen);
        assertEquals(60, seen.stream().mapToInt(m -> itemStatuses(m).size()).sum(), "a status for each Add");
        assertEquals(seeded, got, "package 4 before Final: " + seen);
        mapAndComplete(got, 1_000);
        nextTwoWaySyncSendsOnlyWhatIsNew();
    }
}
