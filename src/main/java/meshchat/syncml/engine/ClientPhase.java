package meshchat.syncml.engine;

/** Where a client-role session stands, in DS Protocol package terms. */
enum ClientPhase {
    /** Package 1 (our Alert) sent; package 2 (the peer's statuses and Alert) arriving. */
    INIT,
    /** Sending package 3 (our changes), possibly over several messages. */
    SENDING,
    /** Package 3 ended with Final; package 4 (the peer's changes) arriving. */
    RECEIVING,
    /** Package 4 ended; sending package 5 (statuses, Map) and waiting for package 6. */
    MAPPING,
    /** Package 6 received; anchors saved. */
    DONE,
    /** The session ended without completing; anchors unchanged. */
    FAILED
}
