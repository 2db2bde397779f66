package meshchat.syncml.peer;

import java.time.Instant;

/**
 * What an operator sees of one peer: when we last synced with it, when we last tried, the last
 * error (null after a success) and the figures of the last session.
 *
 * @param lastSuccess  end of the last session that succeeded; null if none has
 * @param lastAttempt  start of the last session; null if none has run
 * @param lastError    why the last session failed; null when it succeeded or none ran
 * @param itemsSent    items of the last session sent to the peer
 * @param itemsReceived items of the last session received from the peer
 * @param bytesSent    bytes of the last session sent, HTTP heads included
 * @param bytesReceived bytes of the last session received, HTTP heads included
 */
public record PeerStatus(String url, Instant lastSuccess, Instant lastAttempt, String lastError,
                         int itemsSent, int itemsReceived, long bytesSent, long bytesReceived) {

    static PeerStatus never(String url) {
        return new PeerStatus(url, null, null, null, 0, 0, 0, 0);
    }
}
