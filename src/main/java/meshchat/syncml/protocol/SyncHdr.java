package meshchat.syncml.protocol;

/** The SyncHdr of a message. */
public record SyncHdr(SyncMLVersion version, String sessionId, String msgId, Location target,
                      Location source, String respUri, boolean noResp, Cred cred, MetInf meta) {
}
