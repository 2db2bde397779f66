package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.store.Schema9Database;

/**
 * A memo phone that synced with a version-9 server comes back after the upgrade (migration 10:
 * no ADD rows in the change log, seqs from the new counter) and syncs two-way from its old
 * anchor: it gets exactly what changed after that anchor (a purge, a hide, adds from before and
 * after the upgrade), nothing it already had, and its own new memo is stored.
 */
class MigratedIncrementalSyncTest {
    static final String A = "0000000a-1764000000-00000001";
    static final String B = "0000000b-1764000000-00000002";
    static final String C = "0000000c-1764000000-00000003";
    static final String D = "0000000d-1764000000-00000004";
    static final String E = "0000000e-1764000000-00000005";

    @TempDir
    Path dir;

    @Test
    void aPhoneAnchoredBeforeTheMigrationGetsExactlyTheChangesAfterItsAnchor() throws Exception {
        try (Schema9Database old = new Schema9Database(dir)) {
            old.account("alice", "secret", false);
            old.add(A, 1_764_000_000L, "alpha", "");
            old.add(B, 1_764_000_000L, "bravo", "");
            long seen = old.add(C, 1_764_000_000L, "charlie", "");
            for (String[] m : new String[][] {{"L1", A}, {"L2", B}, {"L3", C}}) {
                old.map("alice", "phone-9", "meshchat", m[0], m[1]);
            }
            old.syncState("alice", "phone-9", "meshchat", "A1000", "20260101T000000Z", seen);
            old.purge(B); // after the anchor: the phone must drop L2
            old.hide("alice", C); // and L3
            old.add(D, 1_764_000_000L, "delta", ""); // and get delta
            old.add(E, 1_764_000_000L, "echo", "");
            old.purge(E); // added and purged after the anchor: nothing to send
        }
        try (SyncEndpoint e = SyncEndpoint.start(dir);
             MemoDevice phone = new MemoDevice(e.url, "phone-9", "alice", "secret", "127.0.0.23")) {
            Message foxtrot = Message.create("0000000f", 1_764_000_000L, "foxtrot", "K1ADM", "node-t", "pi", "");
            long posted = e.store.write(tx -> tx.addMessage(foxtrot, "api:root")); // after the upgrade
            assertTrue(posted > 0);
            phone.adopt(1000, Map.of("L1", "alpha", "L2", "bravo", "L3", "charlie"));
            phone.write("golf");

            MemoDevice.Outcome out = phone.sync();

            assertEquals(200, out.mode(), "two-way from the old anchor, not a slow sync");
            assertEquals(1, out.sent());
            assertEquals(4, out.received(), "Delete L2, Delete L3, Add delta, Add foxtrot: " + phone.memos());
            assertEquals(Set.of("alpha", "delta", "foxtrot", "golf"), Set.copyOf(phone.memos().values()));
            assertTrue(phone.memos().containsKey("L1"), "alpha stays under its LUID, not sent again");
            assertEquals(5, (long) e.store.<Long>read(tx -> tx.messageCount()), "alpha, charlie, delta, foxtrot, golf");

            MemoDevice.Outcome again = phone.sync();
            assertEquals(200, again.mode());
            assertEquals(0, again.received(), "nothing new: the anchor moved past every change");
        }
    }
}
