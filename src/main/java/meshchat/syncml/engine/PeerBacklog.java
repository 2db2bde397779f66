package meshchat.syncml.engine;

import java.util.List;
import java.util.Optional;

import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.SyncState;

/**
 * Read-only: does this node hold something a peer has not got yet? Asked before a periodic
 * session when the peer's change check says nothing changed there, so the session is skipped only
 * when it would send nothing either. Follows {@link PeerClient}'s two-way rule: an Add the peer
 * does not hold (no luid_map row under the peer's key), or any purge; hides never leave the node.
 */
public final class PeerBacklog {
    private static final int PAGE = 500;

    private PeerBacklog() {
    }

    /** True when a two-way session with that peer would send something (or there was never a session). */
    public static boolean hasUnsent(Store store, String peerUrl) {
        ClientKey key = ClientKey.forPeer(peerUrl, MessageItem.DATASTORE);
        return store.read(tx -> {
            Optional<SyncState> state = tx.syncState(key);
            if (state.isEmpty()) {
                return true;
            }
            long from = state.get().seenSeq();
            while (true) {
                List<Change> page = tx.changesSince(from, PAGE);
                if (page.isEmpty()) {
                    return false;
                }
                for (Change c : page) {
                    if (c.kind() == Change.Kind.PURGE) {
                        return true;
                    }
                    if (c.kind() == Change.Kind.ADD && tx.luidForGuid(key, c.id()).isEmpty()
                            && tx.message(c.id()).isPresent()) {
                        return true;
                    }
                }
                from = page.get(page.size() - 1).seq();
            }
        });
    }
}
