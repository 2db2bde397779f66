package meshchat.syncml.legacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per v2 peer: when we last synced it and why the last try failed, if it did. In memory, like
 * v2's sync_status file on its RAM disk. Served by the {@code sync_status} action.
 */
final class V2SyncStatus {

    /** One peer's state. {@code lastGood} is 0 before the first good sync; {@code error} null when fine. */
    record Peer(String name, long lastGood, String error) {
    }

    private final Map<String, Peer> peers = new ConcurrentHashMap<>();

    void synced(String name, long epoch) {
        peers.put(name, new Peer(name, epoch, null));
    }

    /** Returns true when this is news (the peer was fine, or failed for another reason), to log once. */
    boolean failed(String name, String error) {
        Peer old = peers.get(name);
        peers.put(name, new Peer(name, old == null ? 0 : old.lastGood(), error));
        return old == null || !error.equals(old.error());
    }

    /** Peers synced at least once, newest first (v2's sync_status order). */
    List<Peer> synced() {
        List<Peer> out = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (p.lastGood() > 0) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingLong(Peer::lastGood).reversed().thenComparing(Peer::name));
        return out;
    }

    Peer peer(String name) {
        return peers.get(name);
    }
}
