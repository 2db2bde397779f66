package meshchat.syncml.protocol;

/** Credentials (SyncHdr or command Cred): Meta Type names the scheme, Data carries it. */
public record Cred(MetInf meta, String data) {
}
