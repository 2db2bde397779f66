package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.Tombstone;

class PurgeCommandTest {

    @TempDir
    Path dir;

    static final Message A = Message.create("0000000a", 100, "first", "K1", "n", "pi", "");
    static final Message B = Message.create("0000000a", 100, "second", "K1", "n", "pi", "");
    static final Message C = Message.create("0000000c", 100, "third", "K1", "n", "pi", "");

    void store(Message... messages) {
        try (Store store = Store.open(dir)) {
            store.write(tx -> {
                for (Message m : messages) {
                    tx.addMessage(m, "test");
                }
                return null;
            });
        }
    }

    Tombstone tombstone(Message m) {
        try (Store store = Store.open(dir)) {
            return store.read(tx -> tx.tombstone(m.id())).orElse(null);
        }
    }

    CliRun purge(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = dir.toString();
        return CliRun.run(new PurgeCommand(), "", all);
    }

    @Test
    void purgesByGuid() {
        store(A, C);
        CliRun r = purge(A.id().value(), "--by", "alice");
        assertEquals(0, r.exit(), r.err());
        assertEquals("purged " + A.id() + " (K1: first)\n", r.out());
        assertEquals("alice", tombstone(A).purgedBy());
        assertEquals(null, tombstone(C));
    }

    @Test
    void purgesByUniqueV2Id() {
        store(C);
        assertEquals(0, purge("0000000c").exit());
        assertEquals("operator", tombstone(C).purgedBy());
    }

    @Test
    void unknownOrAlreadyPurgedIdExits1() {
        store(C);
        CliRun unknown = purge("0000000f");
        assertEquals(1, unknown.exit());
        assertEquals("no message 0000000f in " + dir.toAbsolutePath().normalize() + "\n", unknown.err());
        assertEquals(0, purge(C.id().value()).exit());
        CliRun again = purge(C.id().value());
        assertEquals(1, again.exit());
        assertTrue(again.err().startsWith("message " + C.id() + " was already purged at "), again.err());
    }

    @Test
    void ambiguousV2IdListsTheGuidsAndExits2() {
        store(A, B);
        CliRun r = purge("0000000a");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("v2 id 0000000a names 2 messages; purge one by its GUID:"), r.err());
        assertTrue(r.err().contains(A.id().value()) && r.err().contains(B.id().value()), r.err());
        assertEquals(null, tombstone(A));
    }

    @Test
    void malformedIdExits2() {
        CliRun r = purge("zzz");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("not a message id: 'zzz'"), r.err());
    }
}
