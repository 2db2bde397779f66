package meshchat.syncml.engine;

import meshchat.syncml.store.SyncState;

/**
 * Our side of a peer link at session start.
 *
 * @param base     the anchors of the last completed session, null when there is none (slow sync)
 * @param nonce    the NextNonce the peer last gave us, null when none (the peer will challenge)
 * @param startSeq our newest change seq now: what the peer will have seen when this session completes
 */
record LinkState(SyncState base, String nonce, long startSeq) {
}
