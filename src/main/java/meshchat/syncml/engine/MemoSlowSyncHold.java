package meshchat.syncml.engine;

import meshchat.syncml.protocol.AlertCode;

/**
 * The server role's side of {@link ZoneCatchUp}: a memo-format slow sync or refresh from the client
 * (a 508 we would answer included) on a node that has peers and has not synced with any since it
 * started is answered 503 "Service unavailable" on its Alert (RepPro 1.2.2 §10, 5xx: the client may
 * try again later; nothing is changed, the client's anchors and our maps stay as they were), with
 * a log line saying why and what to do. The session goes on for the client's other datastores.
 * Two-way syncs, and every mode on meshchat-full (where items carry their GUID), are never held.
 */
final class MemoSlowSyncHold {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemoSlowSyncHold.class);

    private MemoSlowSyncHold() {
    }

    /** Whether this Alert's sync must wait (then logged); {@code mode} as settled (508 already turned into slow). */
    static boolean holds(ServerConfig config, Session s, DatastoreSession.Format format, AlertCode mode, String target) {
        if (format != DatastoreSession.Format.MEMO || !(mode == AlertCode.SLOW_SYNC || mode == AlertCode.REFRESH_FROM_CLIENT)
                || !config.catchUp().holdsMemoSlowSync()) {
            return false;
        }
        LOG.warn("{} of {}/{}: memo {} held (503, try again later): this node has not completed a session with any"
                + " of its peers since it started, and a memo carries no GUID, so its copies could be posted again or"
                + " bring back purged messages. It is accepted after the first completed peer session: check the peer"
                + " links (status page, 'peer' log lines)", target, s.account.name(), s.device,
                mode == AlertCode.SLOW_SYNC ? "slow sync" : "refresh from client");
        return true;
    }
}
