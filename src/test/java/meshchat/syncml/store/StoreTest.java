package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** Messages, purges, hides and the change log, on a real Derby in a temp folder. */
class StoreTest {

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

    static Message msg(String v2Id, long epoch, String text, String channel) {
        return Message.create(v2Id, epoch, text, "K1ABC", "node1", "pi", channel);
    }

    long add(Message m) {
        return store.write(tx -> tx.addMessage(m, "test"));
    }

    @Test
    void addedMessageReadsBackWithItsGuid() {
        Message m = msg("0000000a", 1_700_000_000L, "hello\nworld", "");
        long seq = add(m);
        assertTrue(seq > 0);
        assertEquals(Optional.of(m), store.read(tx -> tx.message(m.id())));
        assertEquals(List.of(m), store.read(tx -> tx.messagesByV2Id("0000000a")));
        assertEquals(1, store.read(Tx::messageCount));
    }

    @Test
    void newestIsEpochDescendingThenGuidDescendingAndFiltersByChannel() {
        Message old = msg("00000001", 100, "old", "ops");
        Message midA = msg("0000000a", 200, "mid a", "");
        Message midB = msg("0000000b", 200, "mid b", "ops");
        Message fresh = msg("00000002", 300, "new", "");
        for (Message m : List.of(midA, fresh, old, midB)) {
            add(m);
        }
        assertEquals(List.of(fresh, midB, midA, old), store.read(tx -> tx.newest(10, null, null)));
        assertEquals(List.of(fresh, midB), store.read(tx -> tx.newest(2, null, null)));
        assertEquals(List.of(midB, old), store.read(tx -> tx.newest(10, "ops", null)));
        assertEquals(List.of(fresh, midA), store.read(tx -> tx.newest(10, "", null)));
        assertEquals(List.of(), store.read(tx -> tx.newest(0, null, null)));
    }

    @Test
    void sameGuidAddedTwiceIsStoredOnce() {
        Message m = msg("0000000a", 100, "twice", "");
        assertTrue(add(m) > 0);
        assertEquals(-1, add(Message.create("0000000a", 100, "twice", "K1ABC", "node1", "node", "other")));
        assertEquals(1, store.read(Tx::messageCount));
        assertEquals(1, store.read(tx -> tx.changesSince(0, 10)).size());
    }

    @Test
    void collidingV2IdsStayTwoMessages() {
        Message a = msg("0000000a", 100, "first", "");
        Message b = msg("0000000a", 100, "second", "");
        add(a);
        add(b);
        assertEquals(2, store.read(tx -> tx.messagesByV2Id("0000000a")).size());
        assertEquals(2, store.read(tx -> tx.find("0000000a")).size());
        assertEquals(List.of(a), store.read(tx -> tx.find(a.id().value())));
        assertThrows(IllegalArgumentException.class, () -> store.read(tx -> tx.find("nonsense")));
    }

    @Test
    void purgeTombstonesRemovesLogsAndBlocksReAdd() {
        Message m = msg("0000000a", 100, "bad words", "");
        long added = add(m);
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        long purged = store.write(tx -> tx.purge(m.id(), "alice", at));
        assertTrue(purged > added);
        assertEquals(Optional.of(new Tombstone(m.id(), at, "alice", Tombstone.textHash("bad words"))), store.read(tx -> tx.tombstone(m.id())));
        assertEquals(Optional.empty(), store.read(tx -> tx.message(m.id())));
        assertEquals(-1, add(m), "a purged message is never resurrected");
        assertEquals(-1L, (long) store.<Long>write(tx -> tx.purge(m.id(), "bob", at)), "second purge is a no-op");
        assertTrue(store.<Boolean>read(tx -> tx.v2IdInUse("0000000a")), "tombstones keep their v2 id in use");
        // the ADD was the messages row (schema version 10): it went with the purge, the PURGE stays
        assertEquals(List.of(new Change(purged, Change.Kind.PURGE, m.id(), null)), store.read(tx -> tx.changesSince(0, 10)));
    }

    @Test
    void purgeOfAnUnknownGuidStillStopsItsLateArrival() {
        Message m = msg("0000000a", 100, "not here yet", "");
        assertTrue(store.write(tx -> tx.purge(m.id(), "peer", Instant.EPOCH)) > 0);
        assertEquals(-1, add(m));
    }

    @Test
    void hideIsPerAccount() {
        Message a = msg("0000000a", 100, "a", "");
        Message b = msg("0000000b", 200, "b", "");
        add(a);
        add(b);
        long hid = store.write(tx -> tx.hide("bob", a.id()));
        assertTrue(hid > 0);
        assertEquals(-1L, (long) store.<Long>write(tx -> tx.hide("bob", a.id())), "hiding twice is a no-op");
        assertTrue(store.<Boolean>read(tx -> tx.isHidden("bob", a.id())));
        assertFalse(store.<Boolean>read(tx -> tx.isHidden("alice", a.id())));
        assertEquals(List.of(b), store.read(tx -> tx.visible("bob")));
        assertEquals(List.of(b, a), store.read(tx -> tx.visible("alice")));
        assertEquals(List.of(b), store.read(tx -> tx.newest(10, null, "bob")));
        assertEquals(List.of(b, a), store.read(tx -> tx.newest(10, null, null)));
        assertEquals(new Change(hid, Change.Kind.HIDE, a.id(), "bob"), store.read(tx -> tx.changesSince(hid - 1, 1)).get(0));
        store.write(tx -> tx.hide("carol", b.id()));
        assertEquals(List.of(a), store.read(tx -> tx.newest(1, null, "carol")), "the limit counts visible rows");
        assertEquals(List.of(a), store.read(tx -> tx.newest(1, "", "carol")));
        Message unknown = msg("0000000c", 1, "never stored", "");
        assertEquals(-1L, (long) store.<Long>write(tx -> tx.hide("bob", unknown.id())));
    }

    @Test
    void changesSinceIsAscendingAndLimited() {
        assertEquals(0, store.read(Tx::lastSeq));
        for (int i = 0; i < 5; i++) {
            add(msg(String.format("%08x", i), 100 + i, "m" + i, ""));
        }
        List<Change> all = store.read(tx -> tx.changesSince(0, 100));
        assertEquals(5, all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).seq() > all.get(i - 1).seq());
        }
        assertEquals(all.get(4).seq(), store.read(Tx::lastSeq));
        assertEquals(all.subList(2, 4), store.read(tx -> tx.changesSince(all.get(1).seq(), 2)));
        assertEquals(List.of(), store.read(tx -> tx.changesSince(all.get(4).seq(), 10)));
    }

    @Test
    void freshV2IdSkipsIdsOfMessagesAndTombstones() {
        add(msg("00000001", 100, "taken", ""));
        store.write(tx -> tx.purge(msg("00000002", 100, "purged", "").id(), "x", Instant.EPOCH));
        // a "random" source that offers the taken ids first
        int[] offers = {1, 2, 1, 3};
        int[] next = {0};
        java.util.random.RandomGenerator rnd = new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return nextInt();
            }

            @Override
            public int nextInt() {
                return offers[next[0]++];
            }
        };
        assertEquals("00000003", store.read(tx -> tx.freshV2Id(rnd)));
        String random = store.read(tx -> tx.freshV2Id(new java.security.SecureRandom()));
        assertTrue(MessageId.isV2Id(random), random);
    }

    @Test
    void anExceptionInWriteLeavesNothingHalfApplied() {
        Message m = msg("0000000a", 100, "doomed", "");
        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> store.write(tx -> {
            tx.addMessage(m, "test");
            tx.hide("bob", m.id());
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", boom.getMessage());
        assertEquals(Optional.empty(), store.read(tx -> tx.message(m.id())));
        assertEquals(List.of(), store.read(tx -> tx.changesSince(0, 10)));
        assertTrue(add(m) > 0, "the GUID is free again");
    }

    @Test
    void tooLongFieldsAreRefusedBeforeAnySql() {
        // the text rule (chat.TextRule) refuses such a message before it exists, so before any SQL
        assertThrows(IllegalArgumentException.class, () -> msg("0000000a", 100, "x".repeat(Store.MAX_MESSAGE_CHARS + 1), ""));
        Message longest = msg("0000000b", 100, "y".repeat(Store.MAX_TEXT_CHARS), "");
        add(longest);
        assertEquals(Optional.of(longest), store.read(tx -> tx.message(longest.id())));
    }

    @Test
    void textLongerThanAVarcharIsKeptWholeInTheClob() {
        Message big = msg("0000000c", 100, "Ünïcode ✓ 🛰 ".repeat(30_000), "");
        add(big);
        assertEquals(Optional.of(big), store.read(tx -> tx.message(big.id())));
        assertEquals(big.text(), store.read(tx -> tx.newest(1, null, null)).get(0).text());
    }

    @Test
    void writeInsideWriteIsRefused() {
        assertThrows(IllegalStateException.class, () -> store.write(tx -> store.write(inner -> 1)));
    }

    @Test
    void sqlFailuresNameTheStatementAndKey() {
        Message m = msg("0000000a", 100, "x", "");
        StoreException e = assertThrows(StoreException.class, () -> store.read(tx -> tx.addMessage(m, "x")));
        assertTrue(e.getMessage().startsWith("statement messages.insert for " + m.id() + " failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("SQLState"), e.getMessage());
        assertEquals(Optional.empty(), store.read(tx -> tx.message(m.id())));
    }
}
