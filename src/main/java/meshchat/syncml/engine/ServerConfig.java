package meshchat.syncml.engine;

import java.time.Duration;

/**
 * What the engine needs to know about this server.
 *
 * @param nodeName       this server's node name, stamped on messages posted here
 * @param datastore      the SyncML datastore name clients alert (LocURI, with or without "./")
 * @param defaultChannel channel of messages posted from a memo client ("" is "Everything")
 * @param maxMsgSize     largest message we accept, in encoded bytes (advertised as MaxMsgSize)
 * @param maxObjSize     largest single item we accept (advertised as MaxObjSize)
 * @param sessionTimeout how long an idle session is kept for continuation and replay
 * @param maxBufferedObjectBytes most bytes of incoming large objects buffered for one account
 *                       across its sessions (default twice maxObjSize)
 */
public record ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize,
                           long maxObjSize, Duration sessionTimeout, long maxBufferedObjectBytes) {

    public ServerConfig(String nodeName, String datastore, String defaultChannel, long maxMsgSize, long maxObjSize,
                        Duration sessionTimeout) {
        this(nodeName, datastore, defaultChannel, maxMsgSize, maxObjSize, sessionTimeout, 2 * maxObjSize);
    }

    public static ServerConfig defaults(String nodeName) {
        return new ServerConfig(nodeName, "meshchat", "", 1_000_000, 4_000_000, Duration.ofMinutes(10));
    }
}
