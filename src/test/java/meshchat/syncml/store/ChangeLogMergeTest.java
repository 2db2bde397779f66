package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * Schema version 10: the change log is the messages rows (ADD) and the changes rows (PURGE,
 * HIDE) merged in seq order; a purged message's ADD goes with it. Read whole or page by page
 * (limits that cut inside either source), and as an incremental sync reads it.
 */
class ChangeLogMergeTest {
    @TempDir
    Path dir;
    Store store;
    final List<Change> expected = new ArrayList<>();

    @BeforeEach
    void fill() {
        store = Store.open(dir);
        store.write(tx -> {
            Message a = StoreTest.msg("0000000a", 100, "a", "");
            Message b = StoreTest.msg("0000000b", 100, "b", "");
            Message c = StoreTest.msg("0000000c", 100, "c", "");
            long sa = tx.addMessage(a, "t");
            long sb = tx.addMessage(b, "t");
            long hideA = tx.hide("alice", a.id());
            long sc = tx.addMessage(c, "t");
            long purgeB = tx.purge(b.id(), "root", Instant.EPOCH); // b's ADD goes with it
            long hideC = tx.hide("bob", c.id());
            long purgeUnknown = tx.purge(new MessageId("0000000e-100-12345678"), "peer", Instant.EPOCH);
            List<Long> seqs = List.of(sa, sb, hideA, sc, purgeB, hideC, purgeUnknown);
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(seqs.get(i) > seqs.get(i - 1), "one counter, increasing: " + seqs);
            }
            expected.add(new Change(sa, Change.Kind.ADD, a.id(), null));
            expected.add(new Change(hideA, Change.Kind.HIDE, a.id(), "alice"));
            expected.add(new Change(sc, Change.Kind.ADD, c.id(), null));
            expected.add(new Change(purgeB, Change.Kind.PURGE, b.id(), null));
            expected.add(new Change(hideC, Change.Kind.HIDE, c.id(), "bob"));
            expected.add(new Change(purgeUnknown, Change.Kind.PURGE, new MessageId("0000000e-100-12345678"), null));
            for (int i = 0; i < 5; i++) { // a run of ADDs after the last purge
                Message m = StoreTest.msg(String.format("000001%02x", i), 90 + i, "late " + i, "");
                expected.add(new Change(tx.addMessage(m, "t"), Change.Kind.ADD, m.id(), null));
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void bothSourcesMergeInSeqOrderAndAPurgedMessageKeepsOnlyItsPurge() {
        assertEquals(expected, store.read(tx -> tx.changesSince(0, 100)));
        assertEquals(expected.get(expected.size() - 1).seq(), (long) store.<Long>read(Tx::lastSeq));
        assertEquals(expected.subList(3, expected.size()), store.read(tx -> tx.changesSince(expected.get(2).seq(), 100)));
    }

    @Test
    void pagesOfAnyLimitHoldEachChangeOnceInOrder() {
        for (int limit = 1; limit <= expected.size() + 1; limit++) {
            int max = limit;
            List<Change> all = new ArrayList<>();
            long from = 0;
            for (int pages = 0; pages < 100; pages++) {
                long after = from;
                List<Change> page = store.read(tx -> tx.changesSince(after, max));
                if (page.isEmpty()) {
                    break;
                }
                assertTrue(page.size() <= max, "at most the limit: " + page);
                all.addAll(page);
                from = page.get(page.size() - 1).seq();
            }
            assertEquals(expected, all, "pages of " + limit);
        }
    }

    @Test
    void anIncrementalSyncGetsTheLatestChangePerMessageAfterItsAnchor() {
        long anchor = expected.get(0).seq(); // the client saw a's ADD only
        List<Change> forAlice = new ArrayList<>(store.read(tx -> tx.latestChanges(anchor, tx.lastSeq(),
                c -> c.kind() != Change.Kind.HIDE || "alice".equals(c.account()))));
        List<Change> want = new ArrayList<>();
        want.add(expected.get(1)); // HIDE a for alice
        want.add(expected.get(2)); // ADD c (bob's hide is not alice's)
        want.add(expected.get(3)); // PURGE b: its ADD is gone, the PURGE is its latest change
        want.addAll(expected.subList(5, expected.size()));
        assertEquals(want, forAlice);
        List<Change> forBob = new ArrayList<>(store.read(tx -> tx.latestChanges(anchor, tx.lastSeq(),
                c -> c.kind() != Change.Kind.HIDE || "bob".equals(c.account()))));
        List<Change> wantBob = new ArrayList<>();
        wantBob.add(expected.get(3)); // PURGE b
        wantBob.add(expected.get(4)); // c's latest for bob is his HIDE, in its log place
        wantBob.addAll(expected.subList(5, expected.size()));
        assertEquals(wantBob, forBob);
    }
}
