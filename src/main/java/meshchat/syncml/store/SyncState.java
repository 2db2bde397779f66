package meshchat.syncml.store;

/**
 * Where a client's last completed session left off.
 *
 * @param clientAnchor the client's Next anchor of that session (null if it sent none)
 * @param serverAnchor our Next anchor of that session
 * @param seenSeq      the change seq the client had when that session started
 */
public record SyncState(String clientAnchor, String serverAnchor, long seenSeq) {
    public SyncState {
        if (seenSeq < 0) {
            throw new IllegalArgumentException("seenSeq must not be negative: " + seenSeq);
        }
    }
}
