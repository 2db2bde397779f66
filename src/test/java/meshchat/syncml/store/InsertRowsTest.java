package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * Multi-row INSERTs (Tx.addNewMessages, Tx.insertMaps) store every row as single inserts would:
 * full statements, the rest one by one, a large object among them; seqs in list order; and a
 * bad row rolls the whole transaction back.
 */
class InsertRowsTest {

    @TempDir
    Path dir;

    @Test
    void everyRowIsStoredInOrderAndABadRowRollsAllBack() {
        int n = 2 * Sql.ROWS_PER_INSERT + 7;
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = i == Sql.ROWS_PER_INSERT + 3 ? "x".repeat(Store.MAX_TEXT_CHARS + 5) : "memo " + i;
            messages.add(StoreTest.msg(String.format("%08x", 0x100 + i), 1000 + i % 3, text, ""));
        }
        List<String> luids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            luids.add("L" + i);
        }
        List<MessageId> guids = messages.stream().map(Message::id).toList();
        ClientKey key = new ClientKey("alice", "dev1", "memo");
        try (Store store = Store.open(dir)) {
            store.write(tx -> {
                tx.addNewMessages(messages, Collections.nCopies(n, "syncml:alice/dev1"));
                tx.insertMaps(key, luids, guids);
                return null;
            });
            store.read(tx -> {
                assertEquals(n, tx.messageCount());
                assertEquals(n, tx.mapCount(key));
                List<Change> log = tx.changesSince(0, 10 * n);
                assertEquals(guids, log.stream().map(Change::id).toList(), "seqs ascend in list order");
                for (int i = 0; i < n; i++) {
                    assertEquals(Optional.of(messages.get(i)), tx.message(guids.get(i)));
                    assertEquals(Optional.of(guids.get(i)), tx.guidForLuid(key, luids.get(i)));
                }
                return null;
            });

            List<Message> more = new ArrayList<>();
            List<String> moreLuids = new ArrayList<>();
            for (int i = 0; i < Sql.ROWS_PER_INSERT; i++) {
                more.add(StoreTest.msg(String.format("%08x", 0x900 + i), 2000, "more " + i, ""));
                moreLuids.add(i == 7 ? "L3" : "M" + i); // L3 is mapped already: the primary key refuses it
            }
            StoreException refused = assertThrows(StoreException.class, () -> store.write(tx -> {
                tx.addNewMessages(more, Collections.nCopies(more.size(), "test"));
                tx.insertMaps(key, moreLuids, more.stream().map(Message::id).toList());
                return null;
            }));
            assertTrue(refused.getMessage().contains("luid_map.insertRows for one of [M0, M1, M2, M3, M4, M5, M6, L3, M8"),
                    refused::getMessage); // the failed statement's LUIDs, not the client number
            store.read(tx -> {
                assertEquals(n, tx.messageCount(), "the messages of the failed transaction went with it");
                assertEquals(n, tx.mapCount(key));
                assertTrue(tx.message(more.get(0).id()).isEmpty());
                return null;
            });
        }
    }
}
