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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.MessageId;

/**
 * Migration 11 on a database whose luid_map has the version-10 shape (keyed by account, device,
 * datastore): every map row comes over under its client's new id, and the new keys hold.
 */
class LuidMapMigrationTest {
    static final ClientKey PHONE = new ClientKey("alice", "IMEI:1", "meshchat");
    static final ClientKey LAPTOP = new ClientKey("alice", "d".repeat(Store.MAX_FIELD_CHARS), "meshchat");
    static final ClientKey BOBS = new ClientKey("bob", "IMEI:1", "meshchat");
    static final ClientKey PEER = ClientKey.forPeer("http://127.0.0.1:9/sync", "meshchat");
    static final List<ClientKey> CLIENTS = List.of(PHONE, LAPTOP, BOBS, PEER);
    static final int[] ROWS = {500, 10, 3, 5};

    @TempDir
    Path dir;

    static MessageId guid(int client, int i) {
        return new MessageId(String.format("%08x-1700000000-%08x", client, i));
    }

    @Test
    void aVersion10DatabaseKeepsEveryMapRowUnderItsClient() throws SQLException {
        try (Store store = Store.open(dir)) {
            store.write(tx -> {
                for (int c = 0; c < CLIENTS.size(); c++) {
                    for (int i = 0; i < ROWS[c]; i++) {
                        tx.insertMap(CLIENTS.get(c), "L" + i, guid(c, i));
                    }
                }
                return null;
            });
        }
        OldLuidMap.downgradeToVersion10(dir);
        assertEquals(518L, count("SELECT COUNT(*) FROM luid_map WHERE account IS NOT NULL"), "the old shape");
        assertEquals(List.of(32768, 32768), indexPageSizes(), "the old keys' pages");

        try (Store store = Store.open(dir)) {
            assertEquals(SchemaTest.LATEST, (int) count("SELECT MAX(version) FROM schema_version"));
            assertEquals(4L, count("SELECT COUNT(*) FROM client_ids"));
            assertEquals(518L, count("SELECT COUNT(*) FROM luid_map"));
            for (int c = 0; c < CLIENTS.size(); c++) {
                ClientKey k = CLIENTS.get(c);
                int n = c;
                assertEquals(ROWS[c], (int) store.<Integer>read(tx -> tx.mapCount(k)), k.toString());
                List<String> wrong = store.read(tx -> {
                    List<String> w = new ArrayList<>();
                    for (int i = 0; i < ROWS[n]; i++) {
                        if (!tx.guidForLuid(k, "L" + i).equals(Optional.of(guid(n, i)))
                                || !tx.luidForGuid(k, guid(n, i)).equals(Optional.of("L" + i))) {
                            w.add("L" + i);
                        }
                    }
                    return w;
                });
                assertEquals(List.of(), wrong, k.toString());
            }
            // the keys hold: a LUID or a GUID once per client; a new client gets a new id
            assertThrows(StoreException.class, () -> store.write(tx -> {
                tx.insertMap(PHONE, "L1", guid(9, 9));
                return null;
            }));
            assertThrows(StoreException.class, () -> store.write(tx -> {
                tx.insertMap(PHONE, "new", guid(0, 1));
                return null;
            }));
            ClientKey fresh = new ClientKey("carol", "IMEI:1", "meshchat");
            store.write(tx -> {
                tx.insertMap(fresh, "L1", guid(0, 1));
                return null;
            });
            assertEquals(1, (int) store.<Integer>read(tx -> tx.mapCount(fresh)));
            assertEquals(ROWS[0], (int) store.<Integer>read(tx -> tx.mapCount(PHONE)));
            assertEquals(5L, count("SELECT COUNT(DISTINCT id) FROM client_ids"));
        }
        Set<String> indexes = new HashSet<>();
        try (Connection c = connect(); ResultSet rs = c.getMetaData().getIndexInfo(null, null, "LUID_MAP", true, false)) {
            while (rs.next()) {
                indexes.add(rs.getString("COLUMN_NAME") + "@" + rs.getShort("ORDINAL_POSITION"));
            }
        }
        assertTrue(indexes.containsAll(Set.of("CLIENT_ID@1", "LUID@2", "GUID@2")), indexes.toString());
        // the short keys make 4 KB-page indexes (the old 4-string keys got 32 KB pages: Derby's
        // 1,000-page cache then held up to 32 MB of them, half of a 64 MB heap)
        assertEquals(List.of(4096, 4096), indexPageSizes());
    }

    private List<Integer> indexPageSizes() throws SQLException {
        List<Integer> sizes = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pagesize"
                + " FROM TABLE(SYSCS_DIAG.SPACE_TABLE('APP', 'LUID_MAP')) t WHERE isindex = 1")) {
            while (rs.next()) {
                sizes.add(rs.getInt(1));
            }
        }
        return sizes;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:derby:" + dir.toAbsolutePath().normalize().resolve("db"));
    }

    private long count(String query) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            assertTrue(rs.next(), query);
            return rs.getLong(1);
        }
    }
}
