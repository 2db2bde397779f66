package meshchat.syncml.peer;

/** Runs one whole session with a peer (blocking). The job decides when; this does the work. */
interface SessionRunner {

    /** What one session did, figures included, whether it worked or not. Never throws for peer errors. */
    record Outcome(boolean ok, String mode, int itemsSent, int itemsReceived, long bytesSent, long bytesReceived,
                   int requests, String error) {
        static Outcome failed(String error) {
            return new Outcome(false, "none", 0, 0, 0, 0, 0, error);
        }
    }

    Outcome run(Peer peer);

    /**
     * A periodic session, nobody asked for it: a runner may first check cheaply whether there is
     * anything to sync and skip the session (mode "unchanged") when there is not.
     */
    default Outcome poll(Peer peer) {
        return run(peer);
    }
}
