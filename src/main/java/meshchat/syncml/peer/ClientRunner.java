package meshchat.syncml.peer;

import org.eclipse.jetty.client.HttpClient;

import meshchat.syncml.engine.PeerBacklog;
import meshchat.syncml.engine.PeerClient;
import meshchat.syncml.engine.PeerLink;
import meshchat.syncml.engine.PeerSessionResult;
import meshchat.syncml.store.Store;

/**
 * The real session: the engine's client role over a fresh byte-counting exchange per session.
 * Before a periodic session it asks the peer's change check ({@link ChangeCheck}); one runner
 * serves one peer, so the ETag remembered here is that peer's.
 */
final class ClientRunner implements SessionRunner {
    private final PeerClient client;
    private final HttpClient http;
    private final Store store;
    /** The peer's ETag after the last session that sent nothing; null: none (check without If-None-Match). */
    private String etag;
    /** False once the peer showed it has no change check. */
    private boolean checking = true;

    ClientRunner(PeerClient client, HttpClient http, Store store) {
        this.client = client;
        this.http = http;
        this.store = store;
    }

    @Override
    public Outcome run(Peer peer) {
        return session(peer, null);
    }

    @Override
    public Outcome poll(Peer peer) {
        if (!checking) {
            return run(peer);
        }
        ChangeCheck.Result check = ChangeCheck.run(http, peer.url(), etag);
        switch (check.verdict()) {
            case UNCHANGED:
                if (!PeerBacklog.hasUnsent(store, peer.url().toString())) {
                    return new Outcome(true, "unchanged", 0, 0, check.bytesSent(), check.bytesReceived(),
                            check.requests(), null);
                }
                break;
            case UNSUPPORTED:
                checking = false; // an older node: just sync, as before
                etag = null;
                break;
            default:
                break;
        }
        return session(peer, check);
    }

    /** One SyncML session; its figures include the check's, if one was made before it. */
    private Outcome session(Peer peer, ChangeCheck.Result check) {
        HttpPeerExchange exchange = new HttpPeerExchange(http, peer.encoding());
        PeerSessionResult r = client.sync(new PeerLink(peer.url().toString(), peer.user(), peer.password(),
                peer.encoding()), exchange);
        if (check != null && check.verdict() != ChangeCheck.Verdict.UNSUPPORTED) {
            // Our Adds and Deletes change the peer's log: after a session that sent some, the
            // next check must see a new ETag (one extra idle session after each change).
            etag = r.ok() && r.itemsSent() == 0 && check.verdict() != ChangeCheck.Verdict.FAILED ? check.etag() : null;
        } else if (r.itemsSent() > 0) {
            etag = null;
        }
        long cs = check == null ? 0 : check.bytesSent();
        long cr = check == null ? 0 : check.bytesReceived();
        int cq = check == null ? 0 : check.requests();
        return new Outcome(r.ok(), r.mode(), r.itemsSent(), r.itemsReceived(), cs + exchange.bytesSent(),
                cr + exchange.bytesReceived(), cq + exchange.requests(), r.ok() ? null : r.error());
    }
}
