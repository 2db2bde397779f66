package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.SyncState;

/** What a two-way session with a peer would send, asked without a session (real Derby). */
class PeerBacklogTest {
    static final String PEER = "http://127.0.0.1:1/sync";
    static final ClientKey KEY = ClientKey.forPeer(PEER, MessageItem.DATASTORE);

    @TempDir
    Path dir;

    @Test
    void anAddThePeerLacksOrAPurgeIsUnsentAHideIsNot() {
        try (Store s = Store.open(dir)) {
            assertTrue(PeerBacklog.hasUnsent(s, PEER), "never synced: a session is due");
            Message m = Message.create("0000000a", 1, "x", "K1", "n", "pi", "");
            s.write(tx -> tx.addMessage(m, "t"));
            s.write(tx -> {
                tx.saveSyncState(KEY, new SyncState("1", "1", 0));
                return null;
            });
            assertTrue(PeerBacklog.hasUnsent(s, PEER), "an Add after what the peer has seen");
            s.write(tx -> {
                tx.putMap(KEY, m.id().value(), m.id());
                return null;
            });
            assertFalse(PeerBacklog.hasUnsent(s, PEER), "the peer holds it");
            assertTrue(PeerBacklog.hasUnsent(s, "http://127.0.0.2:1/sync"), "another peer has no state");

            s.write(tx -> tx.hide("alice", m.id()));
            assertFalse(PeerBacklog.hasUnsent(s, PEER), "a hide never leaves the node");

            s.write(tx -> tx.purge(m.id(), "root", Instant.now()));
            assertTrue(PeerBacklog.hasUnsent(s, PEER), "a purge goes as a Delete");
            long seq = s.read(tx -> tx.lastSeq());
            s.write(tx -> {
                tx.saveSyncState(KEY, new SyncState("2", "2", seq));
                return null;
            });
            assertFalse(PeerBacklog.hasUnsent(s, PEER), "all seen");
        }
    }
}
