package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import meshchat.syncml.chat.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8: a purge learnt from a peer's Delete keeps the text hash the Delete carried ({@link Tx#purge(meshchat.syncml.chat.MessageId, String, Instant, String)}). */
class PurgeTextHashTest {
    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String hash(Message m) {
        return store.read(tx -> tx.tombstone(m.id())).orElseThrow().textHash();
    }

    @Test
    void anUnknownGuidKeepsThePeersHashAndIsFoundByText() {
        Message m = StoreTest.msg("0000000a", 100, "never stored here", "");
        String peerHash = Tombstone.textHash(m.text());
        assertTrue(store.write(tx -> tx.purge(m.id(), "peer:x", Instant.EPOCH, peerHash.toUpperCase())) > 0);
        assertEquals(peerHash, hash(m), "kept in lower case");
        assertEquals(m.id(), store.read(tx -> tx.tombstoneByText("never stored here")).orElseThrow().id());
    }

    @Test
    void aStoredMessagesOwnTextWinsOverThePeersHash() {
        Message m = StoreTest.msg("0000000b", 100, "stored here", "");
        store.write(tx -> tx.addMessage(m, "test"));
        store.write(tx -> tx.purge(m.id(), "peer:x", Instant.EPOCH, Tombstone.textHash("something else")));
        assertEquals(Tombstone.textHash("stored here"), hash(m));
    }

    @Test
    void aMalformedHashIsIgnoredAndThePurgeStillHappens() {
        for (String bad : new String[] {"", "abc", "g".repeat(64), "a".repeat(63), "a".repeat(65), " " + "a".repeat(63),
                "\u0661".repeat(64)}) {
            Message m = StoreTest.msg(String.format("%08x", bad.length() + 16 * bad.hashCode() & 0xfffffff), 100, "t" + bad, "");
            assertTrue(store.write(tx -> tx.purge(m.id(), "peer:x", Instant.EPOCH, bad)) > 0, "purged with '" + bad + "'");
            assertNull(hash(m), "no hash kept for '" + bad + "'");
        }
    }

    @Test
    void aLaterDeleteWithAHashFillsInATombstoneThatHadNone() {
        Message m = StoreTest.msg("0000000c", 100, "purged first by an older node", "");
        store.write(tx -> tx.purge(m.id(), "peer:old", Instant.EPOCH));
        assertNull(hash(m));
        long seq = store.read(Tx::lastSeq);
        assertEquals(-1L, (long) store.<Long>write(tx -> tx.purge(m.id(), "peer:new", Instant.EPOCH,
                Tombstone.textHash(m.text()))), "purged already: no new purge");
        assertEquals(seq, (long) store.<Long>read(Tx::lastSeq), "no new change logged");
        assertEquals(Tombstone.textHash(m.text()), hash(m), "the hash filled in");
        store.write(tx -> tx.purge(m.id(), "peer:other", Instant.EPOCH, Tombstone.textHash("another text")));
        assertEquals(Tombstone.textHash(m.text()), hash(m), "a hash once kept is not replaced");
    }
}
