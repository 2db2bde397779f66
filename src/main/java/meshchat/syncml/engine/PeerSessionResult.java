package meshchat.syncml.engine;

// TEMP placeholder (drop at merge): the client helper owns this contract type.
public record PeerSessionResult(boolean ok, String mode, int itemsSent, int itemsReceived,
                                int messages, String error) {
}
