package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * V2IdFilter answers "free" without the tables only when no stored message or tombstone has
 * the id: rows stored before it loaded, inserted after, purged, or written while the store was
 * closed here are all still "in use".
 */
class V2IdFilterTest {

    @TempDir
    Path dir;
    Store store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** Asks enough lookups, of ids in buckets nothing here uses, that the filter loads. */
    private void load(Tx tx) {
        for (int i = 0; i < V2IdFilter.MIN_LOOKUPS; i++) {
            assertFalse(tx.v2IdInUse(String.format("8%07x", i << 10)));
        }
        assertTrue(filter().loaded());
    }

    private V2IdFilter filter() {
        return V2IdFilter.forDatabase("jdbc:derby:" + dir.toAbsolutePath().normalize().resolve("db"));
    }

    @Test
    void idsStoredBeforeOrAfterLoadingStayInUse() {
        store = Store.open(dir);
        Message before = StoreTest.msg("0000000a", 100, "stored before loading", "");
        Message purged = StoreTest.msg("12345678", 100, "purged before loading", "");
        store.write(tx -> {
            tx.addMessage(before, "test");
            tx.addMessage(purged, "test");
            tx.addMessage(StoreTest.msg("00000001", 100, "one", ""), "test");
            tx.addMessage(StoreTest.msg("00000002", 100, "two", ""), "test");
            return tx.purge(purged.id(), "root", Instant.EPOCH);
        });
        MessageId unknownPurged = new MessageId("ffffff00-100-00000000");
        store.write(tx -> tx.purge(unknownPurged, "root", Instant.EPOCH)); // a tombstone without a message
        Message after = StoreTest.msg("abcdef01", 100, "stored after loading", "");
        Message sameTx = StoreTest.msg("55555555", 100, "stored in the loading transaction", "");
        store.write(tx -> {
            assertFalse(filter().loaded(), "not before enough lookups");
            load(tx);
            tx.addMessage(sameTx, "test");
            assertTrue(tx.v2IdInUse("55555555"), "inserted after loading, same transaction");
            return null;
        });
        store.write(tx -> tx.addMessage(after, "test"));
        store.write(tx -> tx.purge(new MessageId("77777777-100-00000000"), "root", Instant.EPOCH));
        store.read(tx -> {
            assertTrue(filter().loaded());
            for (String used : List.of("0000000a", "12345678", "ffffff00", "55555555", "abcdef01", "77777777")) {
                assertTrue(tx.v2IdInUse(used), used);
            }
            // same buckets as used ones: answered by the tables, which know them free
            for (String free : List.of("0000000b", "12345679", "ffffff01", "55555554", "abcdef00", "77777778")) {
                assertFalse(tx.v2IdInUse(free), free);
            }
            assertFalse(tx.v2IdInUse("0000000A"), "not a v2 id: asked of the tables");
            return null;
        });
        assertEquals("00000003", store.write(tx -> tx.freshV2Id(sequence(1, 2, 1, 3))), "never a stored id");

        assertThrows(IllegalStateException.class, () -> store.write(tx -> {
            tx.addMessage(StoreTest.msg("0badf00d", 100, "rolled back", ""), "test");
            assertTrue(tx.v2IdInUse("0badf00d"));
            throw new IllegalStateException("roll back");
        }));
        boolean inUse = store.read(tx -> tx.v2IdInUse("0badf00d"));
        assertFalse(inUse, "a rolled-back insert leaves its id free");
    }

    @Test
    void rowsWrittenWhileClosedHereAreReadAgainAndALargeStoreLoadsLate() throws Exception {
        store = Store.open(dir);
        store.write(tx -> {
            load(tx);
            return null;
        });
        store.close();
        insertAsAnotherProcess("c0ffee00", 1);
        store = Store.open(dir);
        store.write(tx -> {
            assertFalse(filter().loaded(), "read again after an open");
            load(tx);
            assertTrue(tx.v2IdInUse("c0ffee00"));
            return null;
        });
        store.close();
        insertAsAnotherProcess("c0ffee01", 1_000_000); // the change log reached 1,000,000
        store = Store.open(dir);
        store.write(tx -> {
            for (int i = 0; i < 10 * V2IdFilter.MIN_LOOKUPS; i++) {
                assertFalse(tx.v2IdInUse(String.format("8%07x", i)));
            }
            assertTrue(tx.v2IdInUse("c0ffee01"));
            return null;
        });
        assertFalse(filter().loaded(), "an incremental sync's few posts on a large store ask the tables");
    }

    private void insertAsAnotherProcess(String v2Id, long seq) throws Exception {
        String url = "jdbc:derby:" + dir.toAbsolutePath().normalize().resolve("db");
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("INSERT INTO messages (guid, epoch, message_text, call_sign,"
                     + " node, platform, channel, v2_id, seq, origin) VALUES (?, 100, 'x', 'K1ABC', 'n', 'pi', '', ?, ?, 't')")) {
            ps.setString(1, v2Id + "-100-00000000");
            ps.setString(2, v2Id);
            ps.setLong(3, seq);
            ps.executeUpdate();
        }
        try {
            DriverManager.getConnection(url + ";shutdown=true").close();
        } catch (java.sql.SQLException expected) {
            // 08006: shut down
        }
    }

    @Test
    void onlyLowerCaseEightHexDigitsHaveABucket() {
        assertEquals(0, V2IdFilter.bucket("000003ff"));
        assertEquals(1, V2IdFilter.bucket("00000400"));
        assertEquals((1 << 22) - 1, V2IdFilter.bucket("ffffffff"));
        for (String odd : new String[] {"ABCDEF01", "abcdef0", "abcdef012", "abcdefg1", "\u0661bcdef01", ""}) {
            assertEquals(-1, V2IdFilter.bucket(odd), odd);
        }
        assertEquals(-1, V2IdFilter.bucket(null));
    }

    /** A generator drawing these ints in turn. */
    private static RandomGenerator sequence(int... ints) {
        Iterator<Integer> it = java.util.Arrays.stream(ints).iterator();
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt() {
                return it.next();
            }
        };
    }
}
