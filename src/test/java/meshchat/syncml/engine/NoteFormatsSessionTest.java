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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.Note;
import meshchat.syncml.chat.NoteFormat;
import meshchat.syncml.chat.NoteItem;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DataFormat;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, the note formats in whole sessions: a client whose DevInf prefers a format, in every
 * SyncML version and both encodings, with item data in chr or b64, slow-syncs a note of that
 * format: the message stored has the note's text; package 4 brings a server message back as a
 * well-formed object of that format (its Meta/Type, b64 when the client used it) whose text is
 * the message's. One store for the class; each case is its own device.
 */
class NoteFormatsSessionTest {
    @TempDir
    static Path dir;
    static Store store;
    static SyncServer server;
    static int devices;

    @BeforeAll
    static void open() {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            return null;
        });
        server = new SyncServer(store, ServerConfig.defaults("node-n"), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (NoteFormat f : NoteFormat.ALL) { // every format x SyncML 1.0/1.1/1.2 x XML/WBXML x chr/b64
            for (SyncMLVersion v : SyncMLVersion.values()) {
                for (Encoding e : new Encoding[] {Encoding.XML, Encoding.WBXML}) {
                    for (DataFormat df : new DataFormat[] {DataFormat.CHR, DataFormat.B64}) {
                        out.add(Arguments.of(f.contentType(), v, e, df));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} SyncML {1} {2} {3}")
    @MethodSource("cases")
    void aSlowSyncInTheFormatTheDevInfPrefersStoresTheTextAndSendsItBackInThatFormat(String type, SyncMLVersion v,
                                                                                    Encoding e, DataFormat df) {
        NoteFormat f = NoteFormat.of(type).orElseThrow();
        String tag = type + "-" + v.verDtd + "-" + e + "-" + df + "-" + (++devices);
        String fromServer = "from the server " + tag + "\nsecond line: ünïcode ✓";
        Message posted = Message.create(String.format("%08x", tag.hashCode() & 0x7fffffff), 1_764_000_000L, fromServer,
                "K1SRV", "node-n", "pi", "");
        store.write(tx -> tx.addMessage(posted, "api:test"));
        String fromClient = "note of " + tag + "\nwith a second line, ä and €";

        NoteClient c = new NoteClient(server, v, e, "dev-" + tag);
        c.newSession();
        SyncMessage p2 = c.send(List.of(NoteClient.put(NoteClient.devInf(v, type, f.version()), v, e),
                alert("201", "notes", null, "A1")), true);
        assertEquals("212", hdr(p2), p2.toString());
        assertEquals(v, p2.header().version(), "answered in the client's version");
        assertEquals("200", status(p2, "Alert", "1").data());
        assertTrue(NoteClient.gets(p2).isEmpty(), "the client sent its DevInf: no Get");

        String object = NoteItem.write(f, df, new Note("", fromClient, 1_700_000_000L, "uid-" + tag));
        SyncMessage p4 = c.send(List.of(sync("notes", List.of(add(10, "c1", type, df.metaFormat(), object)))), true);
        assertEquals("201", itemStatuses(p4).get(0).data(), p4.toString());
        assertTrue(texts().contains(fromClient), "stored with the note's text: " + texts());

        Sync ours = syncs(p4).get(0);
        assertEquals("./notes", ours.target().uri());
        assertEquals("notes", ours.source().uri(), "our Sync's Source echoes the name the client used");
        ItemCommand back = null;
        for (Command cmd : ours.commands()) {
            ItemCommand ic = (ItemCommand) cmd;
            if (ic.items().get(0).sourceUri().equals(posted.id().value())) {
                back = ic;
            }
        }
        assertNotNull(back, "the server's message comes in package 4: " + ours);
        assertEquals(f.contentType(), back.meta().type());
        assertEquals(df.metaFormat(), back.meta().format(), "b64 when the client used it");
        Item item = back.items().get(0);
        Note got;
        try {
            got = NoteItem.read(f, back.meta().format(), item.data());
        } catch (meshchat.syncml.chat.MalformedNoteException ex) {
            throw new AssertionError("not a well-formed " + type + ": " + item.data(), ex);
        }
        assertEquals(fromServer, got.text());
        if (f.contentType().equals("text/plain")) {
            assertEquals(null, got.epoch(), "plain text has no date");
        } else {
            assertEquals(posted.epoch(), got.epoch(), "the format writes a date: the message's");
        }

        SyncMessage p6 = c.send(List.of(NoteClient.map("notes", List.of(new MapCommand.MapItem(posted.id().value(), "s1")))),
                true);
        assertEquals("200", status(p6, "Map", null).data());
        assertTrue(p6.fin());
        assertFalse(store.read(tx -> tx.syncState(new meshchat.syncml.store.ClientKey("memo", c.device, "notes"))).isEmpty(),
                "anchors of the alias 'notes' saved");
    }

    static List<String> texts() {
        return store.read(tx -> tx.newest(1000, null, null)).stream().map(Message::text).toList();
    }
}
