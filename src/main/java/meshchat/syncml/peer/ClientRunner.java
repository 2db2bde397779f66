package meshchat.syncml.peer;

import org.eclipse.jetty.client.HttpClient;

import meshchat.syncml.engine.PeerClient;
import meshchat.syncml.engine.PeerLink;
import meshchat.syncml.engine.PeerSessionResult;

/** The real session: the engine's client role over a fresh byte-counting exchange per session. */
final class ClientRunner implements SessionRunner {
    private final PeerClient client;
    private final HttpClient http;

    ClientRunner(PeerClient client, HttpClient http) {
        this.client = client;
        this.http = http;
    }

    @Override
    public Outcome run(Peer peer) {
        HttpPeerExchange exchange = new HttpPeerExchange(http, peer.encoding());
        PeerSessionResult r = client.sync(new PeerLink(peer.url().toString(), peer.user(), peer.password(),
                peer.encoding()), exchange);
        return new Outcome(r.ok(), r.mode(), r.itemsSent(), r.itemsReceived(), exchange.bytesSent(),
                exchange.bytesReceived(), exchange.requests(), r.ok() ? null : r.error());
    }
}
