package meshchat.syncml.chat;

import java.util.Objects;

/**
 * One MeshChat message: the seven v2 fields plus our GUID. Every message follows {@link TextRule}:
 * both constructors clean the text and the short fields (or refuse them with
 * IllegalArgumentException), so no message that breaks the rule can exist.
 *
 * @param id       our identity (see {@link MessageId}); its first 8 characters are the v2 id
 * @param epoch    Unix seconds (UTC) when the message was posted
 * @param text     the message text under {@link TextRule#text}: LF line ends, never blank
 * @param callSign the author's call sign, one line ({@link TextRule#field})
 * @param node     the node the message was posted on
 * @param platform {@code node} (AREDN node) or {@code pi}, as v2 knows them
 * @param channel  the channel, {@code ""} for "Everything"
 */
public record Message(MessageId id, long epoch, String text, String callSign, String node,
                      String platform, String channel) {

    public Message {
        Objects.requireNonNull(id, "id");
        // the GUID given is kept even when cleaning changes a field: it is the message's identity
        // for every client and peer that knows it (see TextRule and migration 04)
        text = TextRule.text(text);
        callSign = TextRule.field("call sign", callSign);
        node = TextRule.field("node", node);
        platform = TextRule.field("platform", platform);
        channel = TextRule.field("channel", channel);
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
    }

    /**
     * A new message whose GUID is derived from its fields after cleaning (see {@link MessageId#of}),
     * so the same message cleaned on any node gets the same GUID.
     */
    public static Message create(String v2Id, long epoch, String text, String callSign, String node,
                                 String platform, String channel) {
        String t = TextRule.text(text);
        String c = TextRule.field("call sign", callSign);
        String n = TextRule.field("node", node);
        return new Message(MessageId.of(v2Id, epoch, c, n, t), epoch, t, c, n, platform, channel);
    }

    public String v2Id() {
        return id.v2Id();
    }
}
