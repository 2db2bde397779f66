package meshchat.syncml.protocol;

/**
 * Encodes one exchange's messages in one encoding and keeps the last it measured: the reply is
 * measured whole once more before it goes out (MaxMsgSize), so sending it need not encode it
 * again (issue 10: a JAXB marshal of a 150 KB reply per message). A {@link SyncMessage} holds
 * its own copy of its commands and every part of it is an immutable record, so an equal message
 * has the same bytes. Not for sharing between threads.
 */
public final class MeasuringEncoder {
    private final Encoding encoding;
    private SyncMessage measured;
    private byte[] measuredBytes;

    public MeasuringEncoder(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The message's encoded size in bytes. */
    public int size(SyncMessage message) {
        byte[] bytes = SyncMLCodec.encode(message, encoding);
        measured = message;
        measuredBytes = bytes;
        return bytes.length;
    }

    /** The message's bytes: those measured last when it equals that message. */
    public byte[] encode(SyncMessage message) {
        if (measuredBytes != null && message.equals(measured)) {
            return measuredBytes;
        }
        return SyncMLCodec.encode(message, encoding);
    }
}
