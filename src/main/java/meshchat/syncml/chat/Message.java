package meshchat.syncml.chat;

import java.util.Objects;

/**
 * One MeshChat message: the seven v2 fields plus our GUID.
 *
 * @param id       our identity (see {@link MessageId}); its first 8 characters are the v2 id
 * @param epoch    Unix seconds (UTC) when the message was posted
 * @param text     the message text, LF line ends, never empty
 * @param callSign the author's call sign, as sent
 * @param node     the node the message was posted on
 * @param platform {@code node} (AREDN node) or {@code pi}, as v2 knows them
 * @param channel  the channel, {@code ""} for "Everything"
 */
public record Message(MessageId id, long epoch, String text, String callSign, String node,
                      String platform, String channel) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(callSign, "callSign");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(channel, "channel");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("message text must not be empty");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
    }

    /** A message whose GUID is derived from its fields (see {@link MessageId#of}). */
    public static Message create(String v2Id, long epoch, String text, String callSign, String node,
                                 String platform, String channel) {
        return new Message(MessageId.of(v2Id, epoch, callSign, node, text), epoch, text, callSign,
                node, platform, channel);
    }

    public String v2Id() {
        return id.v2Id();
    }
}
