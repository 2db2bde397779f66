package meshchat.syncml.engine;

// TEMP placeholder (drop at merge): the client helper owns this contract type.
public interface PeerExchange {
    /** Posts one message to url and returns the peer's decoded reply; IOException on transport failure. */
    meshchat.syncml.protocol.SyncMessage send(meshchat.syncml.protocol.SyncMessage request, String url) throws java.io.IOException;

    /** Encoded size of a message in this exchange's encoding (for the peer's MaxMsgSize). */
    int encodedSize(meshchat.syncml.protocol.SyncMessage message);
}
