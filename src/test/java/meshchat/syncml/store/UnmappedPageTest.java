package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;

/**
 * Package 4 of a slow sync or refresh read page by page: every message the client lacks once, in
 * the newest-first order, whatever the page size, though many share one second (a slow sync posts
 * thousands in a few seconds) and mapped, hidden, purged and other-channel ones are left out.
 */
class UnmappedPageTest {
    static final ClientKey PHONE = new ClientKey("alice", "IMEI:1", "meshchat");

    @TempDir
    Path dir;
    Store store;
    final List<Message> expected = new ArrayList<>();
    final List<Message> expectedInRadio = new ArrayList<>();

    @BeforeEach
    void fill() {
        store = Store.open(dir);
        store.write(tx -> {
            for (int i = 0; i < 530; i++) {
                String channel = i % 5 == 0 ? "radio" : "";
                Message m = Message.create(String.format("%08x", 0x10000 + i), 1_700_000_000L + i / 170,
                        "text " + i, "K1ABC", "node", "pi", channel);
                tx.addMessage(m, "test");
                if (i % 7 == 0) {
                    tx.insertMap(PHONE, "L" + i, m.id()); // the client has it
                } else if (i % 11 == 0) {
                    tx.hide("alice", m.id());
                } else if (i % 13 == 0) {
                    tx.purge(m.id(), "admin", Instant.EPOCH);
                } else {
                    expected.add(m);
                    if (channel.equals("radio")) {
                        expectedInRadio.add(m);
                    }
                }
            }
            tx.insertMap(new ClientKey("alice", "IMEI:2", "meshchat"), "X", expected.get(0).id()); // another device's map
            return null;
        });
        // newest second first, and within a second latest arrival first (schema version 10): a stable
        // sort by epoch of the reversed arrival order
        Comparator<Message> newestFirst = Comparator.comparingLong(Message::epoch).reversed();
        java.util.Collections.reverse(expected);
        java.util.Collections.reverse(expectedInRadio);
        expected.sort(newestFirst);
        expectedInRadio.sort(newestFirst);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void pagesOfAnySizeHoldEachLackingMessageOnceNewestFirst() {
        for (int rows : new int[] {1, 7, 170, 200, 1000}) {
            assertEquals(ids(expected), ids(readAll(null, rows)), "pages of " + rows + " rows");
        }
        assertEquals(ids(expectedInRadio), ids(readAll("radio", 9)), "one channel");
    }

    @Test
    void theCountIsWhatThePagesHold() {
        long[] counts = store.read(tx -> new long[] {tx.unmappedCount(PHONE, null), tx.unmappedCount(PHONE, "radio")});
        assertEquals(expected.size(), counts[0]);
        assertEquals(expectedInRadio.size(), counts[1]);
        assertTrue(expected.size() > 300 && expected.size() < 530, "the fixture leaves some out: " + expected.size());
    }

    private List<Message> readAll(String channel, int rows) {
        return store.read(tx -> {
            List<Message> all = new ArrayList<>();
            UnmappedPage.Position at = null;
            for (int pages = 0; pages < 10_000; pages++) {
                UnmappedPage p = tx.unmappedPage(PHONE, channel, at, rows);
                all.addAll(p.messages());
                at = p.next();
                if (p.end()) {
                    return all;
                }
            }
            throw new AssertionError("the scan never ended");
        });
    }

    private static List<String> ids(List<Message> ms) {
        return ms.stream().map(m -> m.id().value()).toList();
    }
}
