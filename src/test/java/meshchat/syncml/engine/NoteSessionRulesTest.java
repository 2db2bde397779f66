package meshchat.syncml.engine;

import static meshchat.syncml.engine.NoteClient.add;
import static meshchat.syncml.engine.NoteClient.alert;
import static meshchat.syncml.engine.NoteClient.gets;
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
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.Note;
import meshchat.syncml.chat.NoteFormat;
import meshchat.syncml.chat.NoteItem;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DataFormat;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's DevInf and a memo item's type in whole sessions: a stored DevInf counts only for
 * the account that sent it; a DevInf sent after the Alert picks the format again; untyped items
 * are read in the format the client sends (Tx-Pref); a chunked note keeps its first chunk's
 * Type and Format; an unreadable or pre-1970 note date is no date, not a refusal. One store for
 * the class; each test is its own device.
 */
class NoteSessionRulesTest {
    @TempDir
    static Path dir;
    static Store store;
    static SyncServer server;

    @BeforeAll
    static void open() {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            tx.putAccount(Account.user("mallory", "mal-pw", "K1MAL"));
            return null;
        });
        server = new SyncServer(store, ServerConfig.defaults("node-s"), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static List<String> texts() {
        return store.read(tx -> tx.newest(1000, null, null)).stream().map(Message::text).toList();
    }

    private static void post(String text) {
        store.write(tx -> tx.addMessage(Message.create(String.format("%08x", text.hashCode() & 0x7fffffff),
                1_764_000_000L, text, "K1SRV", "node-s", "pi", ""), "api:test"));
    }

    private static String sentType(SyncMessage p4) {
        assertFalse(syncs(p4).isEmpty() || syncs(p4).get(0).commands().isEmpty(), "a message comes back: " + p4);
        return ((ItemCommand) syncs(p4).get(0).commands().get(0)).meta().type();
    }

    private static DevInf devInf(String rxType, String rxVer, String txType, String txVer) {
        DevInf.ContentType rx = new DevInf.ContentType(rxType, rxVer);
        DevInf.ContentType tx = new DevInf.ContentType(txType, txVer);
        DevInf.DataStore ds = new DevInf.DataStore("./notes", "Notes", null, rx, List.of(), tx, List.of(), List.of("1", "2"));
        return new DevInf(SyncMLVersion.V1_2.devInfVerDtd, "Test", "NoteClient", null, "1", "1", "1", "note-dev", "phone",
                false, false, false, List.of(ds), null);
    }

    @Test
    void anotherAccountsDevInfForTheSameDeviceIdDecidesNothing() {
        post("for the shared device id");
        NoteClient mallory = new NoteClient(server, SyncMLVersion.V1_2, Encoding.XML, "shared-dev");
        mallory.user = "mallory";
        mallory.cred = NoteClient.basic("mallory", "mal-pw");
        mallory.newSession();
        SyncMessage p2 = mallory.send(List.of(NoteClient.put(NoteClient.devInf(SyncMLVersion.V1_2, "text/calendar", "2.0"),
                SyncMLVersion.V1_2, Encoding.XML), alert("201", "notes", null, "M1")), true);
        assertEquals("212", hdr(p2), p2.toString());
        mallory.send(List.of(sync("notes", List.of())), true);

        NoteClient victim = new NoteClient(server, SyncMLVersion.V1_2, Encoding.XML, "shared-dev");
        victim.newSession();
        victim.newSession(); // session ids of its own: mallory's session 1 of this device id is still open
        p2 = victim.send(List.of(alert("201", "notes", null, "V1")), true);
        assertEquals("200", status(p2, "Alert", "1").data(), p2.toString());
        assertEquals(1, gets(p2).size(), "another account's DevInf is not the victim's: asked for its own");
        SyncMessage p4 = victim.send(List.of(NoteClient.results(p2.header().msgId(), gets(p2).get(0).cmdId(),
                NoteClient.devInf(SyncMLVersion.V1_2, "text/x-vnote", "1.1"), SyncMLVersion.V1_2, Encoding.XML),
                sync("notes", List.of())), true);
        assertEquals("text/x-vnote", sentType(p4), "the victim's own DevInf picks the format: " + p4);

        victim.newSession();
        p2 = victim.send(List.of(alert("201", "notes", null, "V2")), true);
        assertTrue(gets(p2).isEmpty(), "its own stored DevInf: not asked again");
        assertEquals("text/x-vnote", sentType(victim.send(List.of(sync("notes", List.of())), true)));

        mallory.newSession();
        p2 = mallory.send(List.of(alert("201", "notes", null, "M2")), true);
        assertEquals(1, gets(p2).size(), "the stored DevInf is now the victim's: mallory is asked for hers");
    }

    @Test
    void aDevInfSentAfterTheAlertPicksTheFormatAgain() {
        post("for the changed client");
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_2, Encoding.XML, "changed-dev");
        c.newSession();
        c.send(List.of(NoteClient.put(NoteClient.devInf(SyncMLVersion.V1_2, "text/x-vnote", "1.1"), SyncMLVersion.V1_2,
                Encoding.XML), alert("201", "notes", null, "A1")), true);
        assertEquals("text/x-vnote", sentType(c.send(List.of(sync("notes", List.of())), true)));

        c.newSession();
        SyncMessage p2 = c.send(List.of(alert("201", "notes", null, "A2")), true);
        assertTrue(gets(p2).isEmpty(), "stored DevInf, no Get");
        SyncMessage p4 = c.send(List.of(NoteClient.put(NoteClient.devInf(SyncMLVersion.V1_2, "text/calendar", "2.0"),
                SyncMLVersion.V1_2, Encoding.XML), sync("notes", List.of())), true);
        assertEquals("text/calendar", sentType(p4), "the DevInf sent in this session decides, not the stored one");
    }

    @Test
    void untypedItemsAreReadInTheFormatTheClientSendsNotTheOneItReceives() {
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_2, Encoding.XML, "tx-dev");
        c.newSession();
        c.send(List.of(NoteClient.put(devInf("text/plain", "1.0", "text/x-vnote", "1.1"), SyncMLVersion.V1_2, Encoding.XML),
                alert("201", "notes", null, "A1")), true);
        SyncMessage p4 = c.send(List.of(sync("notes", List.of(add(10, "c1", null, null,
                "BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY:read by its Tx-Pref\r\nEND:VNOTE\r\n")))), true);
        assertEquals("201", itemStatuses(p4).get(0).data(), p4.toString());
        assertTrue(texts().contains("read by its Tx-Pref"), texts().toString());
    }

    @Test
    void aChunkedNoteKeepsItsFirstChunksTypeAndFormat() {
        NoteFormat vnote = NoteFormat.of("text/x-vnote").orElseThrow();
        String object = NoteItem.write(vnote, DataFormat.B64, new Note("", "a chunked b64 vNote", 1_700_000_000L, "u1"));
        int half = object.length() / 2;
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_2, Encoding.XML, "chunk-dev");
        c.newSession();
        c.send(List.of(alert("201", "notes", null, "A1")), true);
        ItemCommand first = new ItemCommand(Command.Kind.ADD, "10", false, false, false,
                MetInf.ofType("text/x-vnote").withFormat("b64").withSize((long) object.length()),
                List.of(new Item(null, Location.of("c1"), null, object.substring(0, half), null, null, true)));
        SyncMessage r = c.send(List.of(sync("notes", List.of(first))), false);
        assertEquals("213", itemStatuses(r).get(0).data(), r.toString());
        ItemCommand last = new ItemCommand(Command.Kind.ADD, "11", false, false, false, null,
                List.of(new Item(null, Location.of("c1"), null, object.substring(half), null, null, false)));
        r = c.send(List.of(sync("notes", List.of(last))), true);
        assertEquals("201", itemStatuses(r).get(0).data(), r.toString());
        assertTrue(texts().contains("a chunked b64 vNote"), "stored as the note's text: " + texts());
        assertFalse(texts().contains(object), "not as its base64");
    }

    @Test
    void anUnreadableOrPre1970NoteDateIsNoDateNotARefusal() {
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_2, Encoding.XML, "date-dev");
        c.newSession();
        c.send(List.of(alert("201", "notes", null, "A1")), true);
        SyncMessage p4 = c.send(List.of(sync("notes", List.of(
                add(10, "c1", "text/x-vnote", null, "BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY:dated 1969\r\n"
                        + "DCREATED:19691231T000000Z\r\nEND:VNOTE\r\n"),
                add(11, "c2", "text/x-vnote", null, "BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY:dated never\r\n"
                        + "DCREATED:someday\r\nEND:VNOTE\r\n")))), true);
        assertEquals(List.of("201", "201"), itemStatuses(p4).stream().map(s -> s.data()).toList(), p4.toString());
        assertTrue(texts().containsAll(List.of("dated 1969", "dated never")), texts().toString());
    }
}
