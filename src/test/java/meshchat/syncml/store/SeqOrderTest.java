package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;

/**
 * Schema version 10: messages of one second are ordered by arrival (seq), latest first, not by
 * GUID. Every newest-first reader agrees (web page and API, slow-sync match index, package 4's
 * pages), and a page boundary inside one second loses or repeats nothing, with hidden and mapped
 * messages on the boundary.
 */
class SeqOrderTest {
    static final ClientKey PHONE = new ClientKey("alice", "IMEI:1", "meshchat");

    @TempDir
    Path dir;
    Store store;
    /** Arrival order. */
    final List<Message> stored = new ArrayList<>();
    final List<Message> hidden = new ArrayList<>();
    final List<Message> mapped = new ArrayList<>();

    @BeforeEach
    void fill() {
        store = Store.open(dir);
        Random rnd = new Random(10);
        store.write(tx -> {
            tx.addMessage(StoreTest.msg("00000001", 1_700_000_001L, "a newer second", ""), "test");
            for (int i = 0; i < 24; i++) { // one second; v2 ids at random, so GUID order is not arrival order
                Message m = StoreTest.msg(String.format("%08x", rnd.nextInt() & 0x7fffffff | 0x10000000), 1_700_000_000L,
                        "memo " + i, i % 3 == 0 ? "radio" : "");
                assertTrue(tx.addMessage(m, "test") > 0);
                stored.add(m);
            }
            tx.addMessage(StoreTest.msg("00000002", 1_699_999_999L, "an older second", ""), "test");
            // newest first, pages of 5 are [newer second, 23..20], [19..15], [14..10]...: 20 and 15 end a page
            for (int i : new int[] {20, 19, 15, 18, 3}) {
                tx.hide("alice", stored.get(i).id());
                hidden.add(stored.get(i));
            }
            tx.insertMap(PHONE, "L10", stored.get(10).id()); // ends the third page
            mapped.add(stored.get(10));
            return null;
        });
        List<String> byGuid = stored.stream().map(m -> m.id().value()).sorted().toList();
        assertTrue(!byGuid.equals(ids(stored)) && !byGuid.equals(ids(reversed(stored))), "the fixture's GUIDs are scrambled");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void newestFirstTiesAreLatestArrivalFirstForEveryReader() {
        List<Message> second = reversed(stored);
        List<Message> all = new ArrayList<>();
        all.add(StoreTest.msg("00000001", 1_700_000_001L, "a newer second", ""));
        all.addAll(second);
        all.add(StoreTest.msg("00000002", 1_699_999_999L, "an older second", ""));
        assertEquals(ids(all), ids(store.read(tx -> tx.newest(100, null, null))));

        List<Message> visible = new ArrayList<>(all);
        visible.removeAll(hidden);
        assertEquals(ids(visible), ids(store.read(tx -> tx.newest(100, null, "alice"))), "hidden ones skipped");
        assertEquals(ids(visible.subList(0, 7)), ids(store.read(tx -> tx.newest(7, null, "alice"))),
                "a limit that ends inside the second");
        assertEquals(ids(visible), ids(store.read(tx -> tx.visible("alice"))));
        List<String> texts = new ArrayList<>();
        store.read(tx -> {
            tx.eachVisibleText("alice", null, (guid, text) -> texts.add(guid));
            return null;
        });
        assertEquals(ids(visible), texts, "the slow sync's match index reads in the same order");

        List<Message> radio = visible.stream().filter(m -> m.channel().equals("radio")).toList();
        assertEquals(ids(radio), ids(store.read(tx -> tx.newest(100, "radio", "alice"))), "one channel");
    }

    @Test
    void unmappedPagesCrossingABoundaryInsideOneSecondMissNothing() {
        List<Message> lacking = new ArrayList<>();
        lacking.add(StoreTest.msg("00000001", 1_700_000_001L, "a newer second", ""));
        lacking.addAll(reversed(stored));
        lacking.add(StoreTest.msg("00000002", 1_699_999_999L, "an older second", ""));
        lacking.removeAll(hidden);
        lacking.removeAll(mapped);
        for (int rows : new int[] {1, 2, 5, 6, 25, 100}) {
            assertEquals(ids(lacking), ids(readAll(null, rows)), "pages of " + rows);
        }
        List<Message> radio = lacking.stream().filter(m -> m.channel().equals("radio")).toList();
        assertEquals(ids(radio), ids(readAll("radio", 2)), "one channel, pages of 2");
        assertEquals(lacking.size(), (long) store.<Long>read(tx -> tx.unmappedCount(PHONE, null)));
    }

    private List<Message> readAll(String channel, int rows) {
        return store.read(tx -> {
            List<Message> out = new ArrayList<>();
            UnmappedPage.Position at = null;
            for (int pages = 0; pages < 1000; pages++) {
                UnmappedPage p = tx.unmappedPage(PHONE, channel, at, rows);
                out.addAll(p.messages());
                at = p.next();
                if (p.end()) {
                    return out;
                }
            }
            throw new AssertionError("the scan never ended");
        });
    }

    private static List<Message> reversed(List<Message> in) {
        List<Message> out = new ArrayList<>(in);
        java.util.Collections.reverse(out);
        return out;
    }

    static List<String> ids(List<Message> ms) {
        return ms.stream().map(m -> m.id().value()).toList();
    }
}
