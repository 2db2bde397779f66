package meshchat.syncml.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this node has caught up with its zone since it started: a one-way latch, set by the
 * client role ({@link PeerClient}) when a session with any peer completes, read by the server role
 * before it accepts a memo slow sync.
 *
 * <p>Why: a memo item carries no GUID, so a memo slow sync matches the device's copies to our
 * messages by text, and recognises purged ones by the tombstones' text hashes. A node restored from
 * an old data folder lacks the messages and tombstones its peers would give it; a memo slow sync
 * then would post the device's copies again as new messages, and bring back purged texts under new
 * GUIDs. So a node started with peers holds memo slow syncs (and refreshes from the client) until
 * its first completed peer session, which, for a restored node, is a slow sync that brings every
 * message and every tombstone within the retention. Two-way syncs are never held; a node without
 * peers ({@link #none}) never holds.
 *
 * <p>No time cap: data integrity first. A node whose peers all stay unreachable holds memo slow
 * syncs for as long as that lasts (its log says why at each one); the operator decides, e.g. by
 * restarting it without {@code --peer} when it is meant to run alone.
 */
public final class ZoneCatchUp {
    private static final ZoneCatchUp NONE = new ZoneCatchUp(false);

    private final boolean holding;
    /** The peer whose session completed first; null while the node has not caught up. */
    private final AtomicReference<String> caughtUpWith = new AtomicReference<>();

    private ZoneCatchUp(boolean holding) {
        this.holding = holding;
    }

    /** A node without peers: never holds. */
    public static ZoneCatchUp none() {
        return NONE;
    }

    /** A node started with peers: holds memo slow syncs until {@link #caughtUp} is called once. */
    public static ZoneCatchUp awaitingPeers() {
        return new ZoneCatchUp(true);
    }

    /** A session with {@code peer} completed: the latch opens for good (later calls change nothing). */
    public void caughtUp(String peer) {
        if (holding && caughtUpWith.compareAndSet(null, peer)) {
            org.slf4j.LoggerFactory.getLogger(ZoneCatchUp.class).info("caught up with the zone (a session with peer {}"
                    + " completed): memo slow syncs are accepted from now on", peer);
        }
    }

    /** Whether a memo slow sync (or refresh from the client) must wait: peers, and none synced with yet. */
    public boolean holdsMemoSlowSync() {
        return holding && caughtUpWith.get() == null;
    }
}
