package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/** Accounts, sync anchors, LUID maps, nonces and DevInf round trips. */
class StoreClientStateTest {

    @TempDir
    Path dir;
    Store store;

    static final ClientKey PHONE = new ClientKey("alice", "IMEI:1234", "meshchat");
    static final ClientKey LAPTOP = new ClientKey("alice", "sc-laptop", "meshchat");
    static final MessageId G1 = Message.create("0000000a", 1, "one", "K1", "n", "pi", "").id();
    static final MessageId G2 = Message.create("0000000b", 2, "two", "K1", "n", "pi", "").id();

    @BeforeEach
    void open() {
        store = Store.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void md5DigestIsBase64OfMd5OfNameColonPassword() {
        // the worked example of reference/syncml-protocol.md (auth section)
        assertEquals("b2IgWJaLuQdX5sbteeXfgQ==", Account.md5Digest("alice", "secret"));
    }

    @Test
    void accountsRoundTripAndUpdateInPlace() {
        Account alice = Account.withPassword("alice", "secret", false, null);
        assertEquals("ALICE", alice.callSign());
        store.write(tx -> {
            tx.putAccount(alice);
            tx.putAccount(Account.withPassword("bob", "pw", true, "KB1OB"));
            return null;
        });
        assertEquals(Optional.of(alice), store.read(tx -> tx.account("alice")));
        Account promoted = Account.withPassword("alice", "new", true, "K1ALI");
        store.write(tx -> {
            tx.putAccount(promoted);
            return null;
        });
        List<Account> all = store.read(Tx::accounts);
        assertEquals(List.of(promoted, Account.withPassword("bob", "pw", true, "KB1OB")), all);
        assertEquals(true, all.get(0).checkPassword("new"));
        assertEquals(false, all.get(0).checkPassword("secret"));
        assertEquals(Optional.empty(), store.read(tx -> tx.account("carol")));
    }

    @Test
    void accountNamesThatBreakAuthAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Account.withPassword("a:b", "pw", false, null));
        assertThrows(IllegalArgumentException.class, () -> Account.withPassword(" ", "pw", false, null));
    }

    @Test
    void syncStateRoundTripsPerClient() {
        assertEquals(Optional.empty(), store.read(tx -> tx.syncState(PHONE)));
        store.write(tx -> {
            tx.saveSyncState(PHONE, new SyncState("c1", "s1", 5));
            tx.saveSyncState(LAPTOP, new SyncState(null, "s9", 0));
            return null;
        });
        store.write(tx -> {
            tx.saveSyncState(PHONE, new SyncState("c2", "s2", 7));
            return null;
        });
        assertEquals(Optional.of(new SyncState("c2", "s2", 7)), store.read(tx -> tx.syncState(PHONE)));
        assertEquals(Optional.of(new SyncState(null, "s9", 0)), store.read(tx -> tx.syncState(LAPTOP)));
        store.write(tx -> {
            tx.deleteSyncState(PHONE);
            return null;
        });
        assertEquals(Optional.empty(), store.read(tx -> tx.syncState(PHONE)));
    }

    @Test
    void mapsRoundTripAndReplaceByLuidAndByGuid() {
        store.write(tx -> {
            tx.putMap(PHONE, "1", G1);
            tx.putMap(PHONE, "2", G2);
            tx.putMap(LAPTOP, "1", G2);
            return null;
        });
        assertEquals(Optional.of(G1), store.read(tx -> tx.guidForLuid(PHONE, "1")));
        assertEquals(Optional.of("2"), store.read(tx -> tx.luidForGuid(PHONE, G2)));
        assertEquals(Optional.of(G2), store.read(tx -> tx.guidForLuid(LAPTOP, "1")));

        store.write(tx -> {
            tx.putMap(PHONE, "1", G2); // LUID 1 now names G2: both old rows go
            return null;
        });
        assertEquals(1, (int) store.<Integer>read(tx -> tx.mapCount(PHONE)));
        assertEquals(Optional.of("1"), store.read(tx -> tx.luidForGuid(PHONE, G2)));
        assertEquals(Optional.empty(), store.read(tx -> tx.luidForGuid(PHONE, G1)));

        store.write(tx -> {
            tx.putMap(PHONE, "7", G1);
            tx.removeMapByLuid(PHONE, "1");
            return null;
        });
        assertEquals(Optional.empty(), store.read(tx -> tx.guidForLuid(PHONE, "1")));
        store.write(tx -> {
            tx.removeMapByGuid(PHONE, G1);
            return null;
        });
        assertEquals(0, (int) store.<Integer>read(tx -> tx.mapCount(PHONE)));
        assertEquals(1, (int) store.<Integer>read(tx -> tx.mapCount(LAPTOP)));
        store.write(tx -> {
            tx.clearMaps(LAPTOP);
            return null;
        });
        assertEquals(0, (int) store.<Integer>read(tx -> tx.mapCount(LAPTOP)));
    }

    @Test
    void nonceAndDevInfRoundTripPerDevice() {
        String devInf = "<DevInf xmlns='syncml:devinf'>" + "x".repeat(40_000) + "</DevInf>";
        store.write(tx -> {
            tx.saveNonce("dev1", "Tm9uY2U=");
            tx.saveDevInf("dev1", "alice", "<DevInf/>");
            tx.saveDevInf("dev2", "alice", devInf);
            return null;
        });
        store.write(tx -> {
            tx.saveNonce("dev1", "TmV4dA==");
            tx.saveDevInf("dev1", "bob", devInf);
            return null;
        });
        assertEquals(Optional.of("TmV4dA=="), store.read(tx -> tx.nonce("dev1")));
        assertEquals(Optional.empty(), store.read(tx -> tx.nonce("dev2")));
        assertEquals(Optional.of(devInf), store.read(tx -> tx.devInf("dev1")));
        assertEquals(Optional.of(devInf), store.read(tx -> tx.devInf("dev2")));
        assertEquals(Optional.empty(), store.read(tx -> tx.devInf("dev3")));
        assertEquals(Optional.of(devInf), store.read(tx -> tx.devInf("dev1", "bob")), "the account that stored it last");
        assertEquals(Optional.empty(), store.read(tx -> tx.devInf("dev1", "alice")), "replaced by another account's");
        assertEquals(Optional.of(devInf), store.read(tx -> tx.devInf("dev2", "alice")));
    }
}
