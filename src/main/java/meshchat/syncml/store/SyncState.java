package meshchat.syncml.store;

/**
 * Where a client's last completed session left off, and the one before it.
 *
 * <p>The previous anchors matter when our last reply of a session is lost: we have committed,
 * the client has not, so it comes back with the anchor before. Accepting that one (and sending
 * our matching one) avoids a needless slow sync, which SyncEvolution refuses by default.
 *
 * @param clientAnchor     the client's Next anchor of that session (null if it sent none)
 * @param serverAnchor     our Next anchor of that session
 * @param seenSeq          the change seq the client had when that session started
 * @param prevClientAnchor the client anchor of the session before (null: none)
 * @param prevServerAnchor our anchor of the session before
 * @param prevSeenSeq      the change seq of the session before (0 when none)
 */
public record SyncState(String clientAnchor, String serverAnchor, long seenSeq,
                        String prevClientAnchor, String prevServerAnchor, long prevSeenSeq) {
    public SyncState {
        if (seenSeq < 0 || prevSeenSeq < 0) {
            throw new IllegalArgumentException("seenSeq must not be negative: " + seenSeq + ", " + prevSeenSeq);
        }
    }

    /** A state with no session before it. */
    public SyncState(String clientAnchor, String serverAnchor, long seenSeq) {
        this(clientAnchor, serverAnchor, seenSeq, null, null, 0);
    }
}
