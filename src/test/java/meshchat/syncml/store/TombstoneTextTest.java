package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** Tombstones remember the hash of the purged text, so the text is recognised when it comes back. */
class TombstoneTextTest {

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
    void textHashIsHexSha256OfTheUtf8Text() {
        // sha256("abc"), FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Tombstone.textHash("abc"));
        assertEquals(64, Tombstone.textHash("Grüße ✓").length());
    }

    @Test
    void purgeOfAStoredMessageKeepsItsTextHashAndIsFoundByText() {
        Message m = StoreTest.msg("0000000a", 100, "doomed memo\nsecond line", "ops");
        store.write(tx -> tx.addMessage(m, "test"));
        store.write(tx -> tx.purge(m.id(), "root", Instant.EPOCH));

        Tombstone t = store.read(tx -> tx.tombstone(m.id())).orElseThrow();
        assertEquals(Tombstone.textHash("doomed memo\nsecond line"), t.textHash());
        assertEquals(Optional.of(t), store.read(tx -> tx.tombstoneByText("doomed memo\nsecond line")));
        assertEquals(Optional.empty(), store.read(tx -> tx.tombstoneByText("doomed memo")), "whole text only");
    }

    @Test
    void aTextPostedWithTrailingWhiteSpaceIsFoundInTheMemoFormAClientHoldsIt() {
        // the API keeps trailing white space; a memo client's copy (MemoText.normalize) has none
        Message m = StoreTest.msg("0000000e", 100, "doomed memo  \n\n", "");
        store.write(tx -> tx.addMessage(m, "test"));
        store.write(tx -> tx.purge(m.id(), "root", Instant.EPOCH));
        assertEquals(m.id(), store.read(tx -> tx.tombstoneByText("doomed memo")).orElseThrow().id());
    }

    @Test
    void purgeOfAnUnknownGuidHasNoHashAndMatchesNoText() {
        Message m = StoreTest.msg("0000000b", 100, "overtaken", "");
        store.write(tx -> tx.purge(m.id(), "peer", Instant.EPOCH));
        assertNull(store.read(tx -> tx.tombstone(m.id())).orElseThrow().textHash());
        assertEquals(Optional.empty(), store.read(tx -> tx.tombstoneByText("overtaken")));
    }

    @Test
    void theSameTextPurgedTwiceIsFoundAndBothTombstonesKeepTheHash() {
        Message first = StoreTest.msg("0000000c", 100, "spam", "");
        Message second = StoreTest.msg("0000000d", 200, "spam", "");
        store.write(tx -> tx.addMessage(first, "test"));
        store.write(tx -> tx.addMessage(second, "test"));
        store.write(tx -> tx.purge(first.id(), "root", Instant.EPOCH));
        store.write(tx -> tx.purge(second.id(), "root", Instant.EPOCH));
        assertTrue(List.of(first.id(), second.id()).contains(store.read(tx -> tx.tombstoneByText("spam")).orElseThrow().id()));
        assertEquals(Tombstone.textHash("spam"), store.read(tx -> tx.tombstone(second.id())).orElseThrow().textHash());
        assertEquals(0L, (long) store.<Long>read(tx -> tx.messageCount()));
    }
}
