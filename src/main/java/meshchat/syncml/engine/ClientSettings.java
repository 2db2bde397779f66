package meshchat.syncml.engine;

import java.time.Duration;

/**
 * Limits of the client role.
 *
 * @param maxMsgSize         largest message we accept from the peer, in encoded bytes (our MaxMsgSize)
 * @param maxObjSize         largest single item we accept (our MaxObjSize)
 * @param tombstoneRetention how far back a slow sync sends our tombstones as Deletes
 * @param maxIdleExchanges   exchanges in a row in which neither side moves anything before we give up
 */
record ClientSettings(long maxMsgSize, long maxObjSize, Duration tombstoneRetention, int maxIdleExchanges) {
    static final Duration DEFAULT_RETENTION = Duration.ofDays(365);

    static ClientSettings defaults() {
        return new ClientSettings(1_000_000, 4_000_000, DEFAULT_RETENTION, 20);
    }

    ClientSettings withMaxMsgSize(long m) {
        return new ClientSettings(m, maxObjSize, tombstoneRetention, maxIdleExchanges);
    }

    ClientSettings withRetention(Duration r) {
        return new ClientSettings(maxMsgSize, maxObjSize, r, maxIdleExchanges);
    }
}
