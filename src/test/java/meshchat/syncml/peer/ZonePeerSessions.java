package meshchat.syncml.peer;

import java.io.IOException;
import java.time.Clock;
import meshchat.syncml.engine.PeerClient;
import meshchat.syncml.engine.PeerExchange;
import meshchat.syncml.engine.PeerLink;
import meshchat.syncml.engine.PeerSessionResult;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.SyncMessage;

/**
 * The zone's peer sessions: PeerClient over HttpPeerExchange (WBXML), from the client node's own
 * address, opening the client node's {@link ZoneNode#catchUp} when it completes; optionally with one reply lost on the way back (the peer processed and committed the
 * message, the client never hears of it), as a radio link drops it.
 */
final class ZonePeerSessions {
    private ZonePeerSessions() {
    }

    /** @param loseReply the number of the message whose reply is lost (1 = the first), 0 for none */
    static Zone.Session sync(ZoneNode client, ZoneNode server, int loseReply) {
        PeerLink link = new PeerLink(server.syncUrl(), ZoneNode.peerUser(client.index),
                ZoneNode.peerPassword(client.index), Encoding.WBXML);
        PeerExchange exchange = new LosingReply(new HttpPeerExchange(client.http, Encoding.WBXML), loseReply);
        PeerSessionResult r = new PeerClient(client.store(), client.name, Clock.systemUTC(),
                ServerConfig.DEFAULT_TOMBSTONE_RETENTION, client.catchUp()).sync(link, exchange);
        return new Zone.Session(r.ok(), r.mode(), r.itemsSent(), r.itemsReceived(), r.error());
    }

    /** Sends every message for real, but throws away the reply to message number {@code lost}. */
    private static final class LosingReply implements PeerExchange {
        private final PeerExchange wire;
        private final int lost;
        private int sent;

        LosingReply(PeerExchange wire, int lost) {
            this.wire = wire;
            this.lost = lost;
        }

        @Override
        public SyncMessage send(SyncMessage request, String url) throws IOException {
            SyncMessage reply = wire.send(request, url);
            if (++sent == lost) {
                throw new IOException("the reply to message " + sent + " was lost on the way back (test)");
            }
            return reply;
        }

        @Override
        public int encodedSize(SyncMessage message) {
            return wire.encodedSize(message);
        }
    }
}
