package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.chat.NoteFormat;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Get;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Results;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DevInf we answer a client's Get with (issue 10: every idle SyncEvolution session carries it):
 * a memo account sees only the memo datastore, a peer account also {@value MessageItem#DATASTORE};
 * each note format once in Rx (every version we read) and once in Tx (the version we write),
 * text/plain 1.0 preferred; no Mod, DisplayName or MaxGUIDSize. Through the real codec in WBXML.
 */
class ServerDevInfTest {
    @TempDir
    static Path dir;
    static Store store;
    static SyncServer server;

    @BeforeAll
    static void open() {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            tx.putAccount(new Account("node-b", Account.md5Digest("node-b", "peer-pw"), false, "NODEB", true));
            return null;
        });
        server = new SyncServer(store, ServerConfig.defaults("node-d"), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static DevInf asked(String user, String password, String device) {
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_2, Encoding.WBXML, device);
        c.user = user;
        c.password = password;
        c.cred = NoteClient.basic(user, password);
        c.newSession();
        Get get = new Get("2", false, MetInf.ofType(Encoding.WBXML.devInfContentType),
                List.of(Item.naming(Location.of("./devinf12"), null)));
        SyncMessage reply = c.send(List.<Command>of(get), true);
        assertEquals("212", NoteClient.hdr(reply), reply.toString()); // logged in (Basic)
        for (Command cmd : reply.commands()) {
            if (cmd instanceof Results r) {
                DevInf d = r.items().get(0).devInf();
                assertNotNull(d, reply.toString());
                return d;
            }
        }
        throw new AssertionError("no Results for the Get: " + reply);
    }

    private static List<String> sourceRefs(DevInf d) {
        return d.dataStores().stream().map(DevInf.DataStore::sourceRef).toList();
    }

    @Test
    void aMemoAccountSeesOnlyTheMemoDatastore() {
        assertEquals(List.of("meshchat"), sourceRefs(asked("memo", "memo-pw", "memo-dev")));
    }

    @Test
    void aPeerAccountAlsoSeesTheLosslessDatastore() {
        DevInf d = asked("node-b", "peer-pw", "node-b-dev");
        assertEquals(List.of("meshchat", MessageItem.DATASTORE), sourceRefs(d));
        DevInf.DataStore full = d.dataStores().get(1);
        DevInf.ContentType message = new DevInf.ContentType(MessageItem.CONTENT_TYPE, MessageItem.VERSION);
        assertEquals(message, full.rxPref());
        assertEquals(message, full.txPref());
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), full.syncTypes());
    }

    @Test
    void eachVersionReadOnceEachFormatWrittenOnceAndNoOptionalFields() {
        DevInf d = asked("memo", "memo-pw", "memo-dev-2");
        DevInf.DataStore memo = d.dataStores().get(0);
        DevInf.ContentType plain = new DevInf.ContentType("text/plain", "1.0");
        assertEquals(plain, memo.rxPref());
        assertEquals(plain, memo.txPref());
        List<DevInf.ContentType> rx = new ArrayList<>(memo.rx());
        rx.add(0, memo.rxPref());
        List<DevInf.ContentType> tx = new ArrayList<>(memo.tx());
        tx.add(0, memo.txPref());
        List<DevInf.ContentType> read = new ArrayList<>();
        List<DevInf.ContentType> written = new ArrayList<>();
        for (NoteFormat f : NoteFormat.ALL) {
            written.add(new DevInf.ContentType(f.contentType(), f.version()));
            f.versions().forEach(v -> read.add(new DevInf.ContentType(f.contentType(), v)));
        }
        assertEquals(read, rx, "Rx: every version we read, each once");
        assertTrue(rx.contains(new DevInf.ContentType("text/plain", "1.1")), "a client sending text/plain 1.1 finds it");
        assertEquals(written, tx, "Tx: only the version we write of each format");
        assertTrue(rx.contains(new DevInf.ContentType("text/x-s4j-sifn", "1.0")), "SIF-N 1.0 is read");
        assertTrue(!tx.contains(new DevInf.ContentType("text/x-s4j-sifn", "1.0")), "but never written");
        assertEquals(5, tx.size(), tx.toString());
        assertNull(memo.displayName(), "DisplayName");
        assertNull(memo.maxGuidSize(), "MaxGUIDSize");
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), memo.syncTypes());
        assertEquals("MeshChat", d.man());
        assertNull(d.mod(), "Mod");
        assertEquals("server", d.devTyp());
        assertTrue(d.utc() && d.supportLargeObjs() && d.supportNumberOfChanges());
    }
}
