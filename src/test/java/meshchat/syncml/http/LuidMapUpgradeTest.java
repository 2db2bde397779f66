package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.store.OldLuidMap;

/**
 * An upgrade to schema version 11 (luid_map keyed by client_ids) over real HTTP: devices that
 * synced with a version-10 database keep their LUID maps and anchors, so their next session is
 * two-way and brings only what is new, nothing twice.
 */
class LuidMapUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void devicesOfAVersion10DatabaseSyncIncrementallyAfterTheUpgradeWithoutDuplicates() throws Exception {
        SyncEndpoint first = SyncEndpoint.start(dir);
        int port = first.port();
        // phone and laptop of one account: two maps
        try (MemoDevice phone = new MemoDevice(first.url, "phone-1", "alice", "secret", "127.0.0.31");
             MemoDevice laptop = new MemoDevice(first.url, "laptop-1", "alice", "secret", "127.0.0.32")) {
            try (first) {
                for (int i = 0; i < 3; i++) {
                    Message m = Message.create(String.format("%08x", 0x500 + i), 1_700_000_000L + i, "server " + i,
                            "K1ABC", "n", "pi", "");
                    first.store.write(tx -> tx.addMessage(m, "t"));
                }
                phone.write("phone a");
                phone.write("phone b");
                assertEquals(201, phone.sync().mode());
                laptop.write("laptop a");
                assertEquals(201, laptop.sync().mode());
                assertEquals(1, phone.sync().received(), "the laptop's memo");
            }
            OldLuidMap.downgradeToVersion10(dir); // as a version-10 server left it

            try (SyncEndpoint e = SyncEndpoint.restart(dir, port)) {
                Message fresh = Message.create("00000600", 1_700_000_100L, "after the upgrade", "K1ABC", "n", "pi", "");
                e.store.write(tx -> tx.addMessage(fresh, "t"));
                phone.write("phone c");
                Set<String> before = new HashSet<>(phone.memos().values());
                assertTrue(phone.deleteSome(2)); // one of the server's: the 2 own memos come first in the notebook
                before.removeAll(phone.memos().values());
                String deleted = before.iterator().next();
                assertTrue(deleted.startsWith("server "), deleted);

                MemoDevice.Outcome o = phone.sync();
                assertEquals(200, o.mode(), "the anchors and maps survived: two-way, not slow");
                assertEquals(2, o.sent(), "memo c and the Delete");
                assertEquals(1, o.received(), "only the new message, none of the 6 it holds");
                o = laptop.sync();
                assertEquals(200, o.mode());
                assertEquals(3, o.received(), "memo c, the new message, and the Delete by the phone's mapped LUID");
                assertFalse(laptop.memos().containsValue(deleted), "the laptop's LUID for it was found");
                assertEquals(0, phone.sync().received(), "nothing twice");
                assertEquals(0, laptop.sync().received(), "nothing twice");

                long stored = e.store.read(tx -> tx.messageCount());
                assertEquals(8, stored, "3 from the server, 3 from the phone, 1 from the laptop, 1 new");
                for (MemoDevice d : List.of(phone, laptop)) {
                    assertEquals(7, d.memos().size(), "all but the deleted one");
                    assertEquals(7, new HashSet<>(d.memos().values()).size(), "no memo twice");
                }
            }
        }
    }
}
