package meshchat.syncml.engine;

import java.io.IOException;
import meshchat.syncml.protocol.SyncMessage;

/**
 * The transport of the client role: encodes a message, POSTs it and decodes the peer's reply.
 * The engine never sees bytes; this is where they are (and where they are counted).
 */
public interface PeerExchange {
    /** Posts one message to url and returns the peer's decoded reply; IOException on transport failure. */
    SyncMessage send(SyncMessage request, String url) throws IOException;

    /** Encoded size of a message in this exchange's encoding (for the peer's MaxMsgSize). */
    int encodedSize(SyncMessage message);
}
