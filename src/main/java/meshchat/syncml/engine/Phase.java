package meshchat.syncml.engine;

/** Where a server session stands, in DS Protocol package terms. */
enum Phase {
    /** Package 1 (alerts, DevInf) is arriving. */
    INIT,
    /** Package 3 (the client's changes) is arriving. */
    CLIENT_SYNC,
    /** We are sending package 4 (our changes), possibly over several messages. */
    SERVER_SYNC,
    /** Package 4 is complete; package 5 (statuses, Map) is arriving. */
    MAP,
    /** Package 6 sent; anchors committed. Kept only to replay the last reply. */
    DONE
}
