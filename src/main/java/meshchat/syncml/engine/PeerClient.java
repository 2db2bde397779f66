package meshchat.syncml.engine;

// TEMP placeholder (drop at merge): the client helper writes the real PeerClient. This one only
// has the contract's signatures so the peer package compiles; it runs no session.
public final class PeerClient {
    public PeerClient(meshchat.syncml.store.Store store, String nodeName, java.time.Clock clock) {
    }

    /** Runs one whole SyncML session with the peer (blocking), commits per message, never throws for peer errors. */
    public PeerSessionResult sync(PeerLink link, PeerExchange exchange) {
        return new PeerSessionResult(false, "none", 0, 0, 0, "TEMP placeholder PeerClient: no client role on this branch");
    }
}
