package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * luid_map keyed by a client number (client_ids, version 11): each (account, device, datastore)
 * keeps its own map, its number never changes, and a rolled-back transaction leaves none behind.
 */
class ClientIdTest {
    static final ClientKey PHONE = new ClientKey("alice", "dev1", "meshchat");
    static final ClientKey LAPTOP = new ClientKey("alice", "dev2", "meshchat");
    static final ClientKey BOBS = new ClientKey("bob", "dev1", "meshchat"); // same device id, other account
    static final ClientKey FULL = new ClientKey("alice", "dev1", "meshchat-full"); // same device, other datastore
    static final List<ClientKey> ALL = List.of(PHONE, LAPTOP, BOBS, FULL);

    @TempDir
    Path dir;
    Store store;
    final List<Message> messages = new ArrayList<>();

    @BeforeEach
    void open() {
        store = Store.open(dir);
        store.write(tx -> {
            for (int i = 0; i < 4; i++) {
                Message m = Message.create(String.format("%08x", 0x100 + i), 1_700_000_000L + i, "m" + i, "K1", "n", "pi", "");
                tx.addMessage(m, "test");
                messages.add(m);
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private MessageId g(int i) {
        return messages.get(i).id();
    }

    @Test
    void twoClientsOfOneAccountAndTwoAccountsWithOneDeviceIdKeepSeparateMaps() throws SQLException {
        store.write(tx -> {
            // every client maps LUID "1", each to another GUID, and GUID 3 under its own LUID
            for (int i = 0; i < ALL.size(); i++) {
                tx.insertMap(ALL.get(i), "1", g(i));
                if (i != 3) {
                    tx.insertMap(ALL.get(i), "three-" + i, g(3));
                }
            }
            return null;
        });
        for (int i = 0; i < ALL.size(); i++) {
            ClientKey k = ALL.get(i);
            int n = i;
            assertEquals(Optional.of(g(i)), store.read(tx -> tx.guidForLuid(k, "1")), k.toString());
            assertEquals(Optional.of(i == 3 ? "1" : "three-" + i), store.read(tx -> tx.luidForGuid(k, g(3))), k.toString());
            assertEquals(i == 3 ? 1 : 2, (int) store.<Integer>read(tx -> tx.mapCount(k)), k.toString());
            // each lacks the messages it has not mapped: 4 minus its own two (one for FULL)
            assertEquals(i == 3 ? 3 : 2, (long) store.<Long>read(tx -> tx.unmappedCount(k, null)), k.toString());
            assertEquals(i == 3 ? 3 : 2, store.read(tx -> tx.unmappedPage(k, null, null, 10)).messages().size());
            assertTrue(store.read(tx -> tx.unmappedPage(k, null, null, 10)).messages().stream()
                    .noneMatch(m -> m.id().equals(g(n))), "its own mapped message is left out");
        }
        store.write(tx -> {
            tx.putMap(PHONE, "1", g(3)); // replaces PHONE's two rows only
            tx.removeMapByGuid(LAPTOP, g(3));
            tx.clearMaps(BOBS);
            return null;
        });
        assertEquals(Optional.of(g(3)), store.read(tx -> tx.guidForLuid(PHONE, "1")));
        assertEquals(1, (int) store.<Integer>read(tx -> tx.mapCount(PHONE)));
        assertEquals(Optional.of(g(1)), store.read(tx -> tx.guidForLuid(LAPTOP, "1")));
        assertEquals(Optional.empty(), store.read(tx -> tx.luidForGuid(LAPTOP, g(3))));
        assertEquals(0, (int) store.<Integer>read(tx -> tx.mapCount(BOBS)));
        assertEquals(Optional.of(g(3)), store.read(tx -> tx.guidForLuid(FULL, "1")), "another datastore's map stays");
        assertEquals(4L, count("SELECT COUNT(*) FROM client_ids"), "one id per client");
    }

    @Test
    void aClientKeepsItsIdAcrossAReopen() throws SQLException {
        store.write(tx -> {
            tx.insertMap(PHONE, "1", g(0));
            tx.insertMap(LAPTOP, "1", g(1));
            return null;
        });
        long phoneId = count("SELECT id FROM client_ids WHERE device = 'dev1'");
        store.close();
        store = Store.open(dir);
        assertEquals(Optional.of(g(0)), store.read(tx -> tx.guidForLuid(PHONE, "1")));
        store.write(tx -> {
            tx.putMap(PHONE, "2", g(2));
            tx.clearMaps(LAPTOP);
            return null;
        });
        store.write(tx -> {
            tx.insertMap(LAPTOP, "9", g(3)); // cleared, not forgotten: the same id again
            return null;
        });
        assertEquals(phoneId, count("SELECT id FROM client_ids WHERE device = 'dev1'"), "the id did not change");
        assertEquals(2L, count("SELECT COUNT(*) FROM client_ids"));
        assertEquals(2L, count("SELECT COUNT(*) FROM luid_map WHERE client_id = " + phoneId));
        assertEquals(Optional.of(g(3)), store.read(tx -> tx.guidForLuid(LAPTOP, "9")));
    }

    @Test
    void aRolledBackFirstSessionLeavesNoIdInUse() throws SQLException {
        assertThrows(IllegalStateException.class, () -> store.write(tx -> {
            tx.insertMap(PHONE, "1", g(0)); // makes PHONE's id
            assertEquals(Optional.of(g(0)), tx.guidForLuid(PHONE, "1"));
            throw new IllegalStateException("the session fails after its first Map");
        }));
        assertEquals(0L, count("SELECT COUNT(*) FROM client_ids"), "the id went with the transaction");
        assertEquals(Optional.empty(), store.read(tx -> tx.guidForLuid(PHONE, "1")));
        assertEquals(0, (int) store.<Integer>read(tx -> tx.mapCount(PHONE)));
        assertEquals(4L, (long) store.<Long>read(tx -> tx.unmappedCount(PHONE, null)));

        store.write(tx -> {
            tx.insertMap(PHONE, "2", g(1));
            return null;
        });
        long id = count("SELECT id FROM client_ids");
        assertEquals(1L, count("SELECT COUNT(*) FROM luid_map WHERE client_id = " + id), "the map row names the live id");
        assertEquals(1L, count("SELECT COUNT(*) FROM luid_map"));
        store.close();
        store = Store.open(dir);
        assertEquals(Optional.of(g(1)), store.read(tx -> tx.guidForLuid(PHONE, "2")));
        assertEquals(Optional.empty(), store.read(tx -> tx.guidForLuid(PHONE, "1")));
    }

    @Test
    void deletingAnAccountRemovesItsMapsAndIdsOnly() throws SQLException {
        store.write(tx -> {
            tx.putAccount(Account.withPassword("bob", "pw", false, null));
            for (ClientKey k : ALL) {
                tx.insertMap(k, "1", g(0));
            }
            return null;
        });
        assertTrue(store.<Boolean>write(tx -> tx.deleteAccount("bob")));
        assertEquals(3L, count("SELECT COUNT(*) FROM client_ids"));
        assertEquals(3L, count("SELECT COUNT(*) FROM luid_map"));
        assertEquals(Optional.empty(), store.read(tx -> tx.guidForLuid(BOBS, "1")));
        store.write(tx -> {
            tx.insertMap(BOBS, "2", g(1)); // a new account of that name starts afresh
            return null;
        });
        assertEquals(1, (int) store.<Integer>read(tx -> tx.mapCount(BOBS)));
        assertEquals(Optional.of(g(0)), store.read(tx -> tx.guidForLuid(PHONE, "1")));
    }

    /** The first column of the first row, read beside the store on its own connection. */
    private long count(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + dir.toAbsolutePath().normalize().resolve("db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            assertTrue(rs.next(), query);
            return rs.getLong(1);
        }
    }
}
