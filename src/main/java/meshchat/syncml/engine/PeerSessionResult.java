package meshchat.syncml.engine;

/**
 * What one client-role session with a peer did.
 *
 * @param ok            whether the session completed (anchors saved)
 * @param mode          "two-way" or "slow" (the mode the session ran in), "none" when it never got that far
 * @param itemsSent     Adds and Deletes we sent (a chunked item counts once)
 * @param itemsReceived Adds, Replaces and Deletes the peer sent us
 * @param messages      SyncML messages we sent (a resent one counts again)
 * @param error         why the session failed, null when ok
 */
public record PeerSessionResult(boolean ok, String mode, int itemsSent, int itemsReceived, int messages,
                                String error) {

    static PeerSessionResult completed(String mode, int itemsSent, int itemsReceived, int messages) {
        return new PeerSessionResult(true, mode, itemsSent, itemsReceived, messages, null);
    }

    static PeerSessionResult failed(String mode, int itemsSent, int itemsReceived, int messages, String error) {
        return new PeerSessionResult(false, mode, itemsSent, itemsReceived, messages, error);
    }
}
