package meshchat.syncml.protocol;

/** The decoder's contract under fuzzing: a message, or the documented refusal, and nothing else. */
final class DecodeProperty {

    private DecodeProperty() {
    }

    static void decodesOrRefuses(byte[] body, Encoding encoding) {
        try {
            SyncMessage m = SyncMLCodec.decode(body, encoding);
            if (m == null || m.header() == null) {
                throw new AssertionError("decode returned no message (or no SyncHdr) instead of refusing");
            }
        } catch (MalformedMessageException expected) {
            // the documented refusal: SyncMlHandler answers it with HTTP 400
        }
    }
}
