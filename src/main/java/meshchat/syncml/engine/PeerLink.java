package meshchat.syncml.engine;

// TEMP placeholder (drop at merge): the client helper owns this contract type.
public record PeerLink(String url, String user, String password, meshchat.syncml.protocol.Encoding encoding) {
}
