package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * Version 9 found a v2 id's messages by the GUID's primary-key range instead of an index of
 * their own, and asks for tombstone text hashes only when some tombstone keeps one: both must
 * answer exactly as before.
 */
class V2IdRangeTest {

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

    @Test
    void aV2IdIsInUseExactlyWhenAStoredMessageOrTombstoneHasIt() {
        Message a1 = StoreTest.msg("0000000a", 100, "first", "");
        Message a2 = StoreTest.msg("0000000a", 5, "same v2 id, other second", "");
        Message b = StoreTest.msg("0000000b", 100, "neighbour", "");
        Message c = StoreTest.msg("0000000c", 100, "purged", "");
        store.write(tx -> {
            tx.addMessage(a1, "test");
            tx.addMessage(a2, "test");
            tx.addMessage(b, "test");
            tx.addMessage(c, "test");
            return tx.purge(c.id(), "root", Instant.EPOCH);
        });
        store.read(tx -> {
            assertTrue(tx.v2IdInUse("0000000a"));
            assertTrue(tx.v2IdInUse("0000000b"));
            assertTrue(tx.v2IdInUse("0000000c"), "a purged message's v2 id stays taken");
            assertFalse(tx.v2IdInUse("00000009"), "the range below");
            assertFalse(tx.v2IdInUse("0000000d"), "the range above");
            assertFalse(tx.v2IdInUse("00000000"));
            assertEquals(List.of(a2, a1).stream().map(Message::id).sorted().toList(),
                    tx.messagesByV2Id("0000000a").stream().map(Message::id).toList(), "both, by GUID");
            assertEquals(List.of(b), tx.messagesByV2Id("0000000b"));
            assertEquals(List.of(), tx.messagesByV2Id("0000000c"), "purged: not stored");
            assertEquals(List.of(a1.id(), a2.id()).stream().sorted().toList(),
                    tx.find("0000000a").stream().map(Message::id).sorted().toList());
            return null;
        });
    }

    @Test
    void aPurgeLaterInTheSameTransactionIsFoundByItsText() {
        Message m = StoreTest.msg("0000000a", 100, "said once", "");
        Message other = StoreTest.msg("0000000b", 100, "kept", "");
        store.write(tx -> {
            tx.addMessage(m, "test");
            return tx.addMessage(other, "test");
        });
        Optional<Tombstone> found = store.write(tx -> {
            assertEquals(Optional.empty(), tx.tombstoneByText("said once"), "no tombstone yet");
            tx.purge(m.id(), "root", Instant.EPOCH);
            return tx.tombstoneByText("said once");
        });
        assertEquals(Optional.of(m.id()), found.map(Tombstone::id), "the purge in this transaction counts");
        assertEquals(Optional.empty(), store.read(tx -> tx.tombstoneByText("kept")));
    }

    @Test
    void aPeersTextHashFilledInLaterInTheSameTransactionIsFound() {
        MessageId unknown = new MessageId("0000000e-100-12345678");
        String hash = Tombstone.textHash("a peer's purged text");
        Optional<Tombstone> found = store.write(tx -> {
            tx.purge(unknown, "peer", Instant.EPOCH); // no text known: no hash
            assertEquals(Optional.empty(), tx.tombstoneByText("a peer's purged text"));
            tx.purge(unknown, "peer", Instant.EPOCH, hash); // the hash arrives with a later Delete
            return tx.tombstoneByText("a peer's purged text");
        });
        assertEquals(Optional.of(unknown), found.map(Tombstone::id));
    }
}
