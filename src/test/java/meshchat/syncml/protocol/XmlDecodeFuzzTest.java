package meshchat.syncml.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the XML decoder: whatever the bytes, {@link SyncMLCodec#decode} returns a message or
 * refuses with {@link MalformedMessageException}; any other exception, a hang (libFuzzer
 * -timeout) or running out of the fork's heap is a finding. Seeds: SyncEvolution captures in
 * XmlDecodeFuzzTestInputs/decodeXml (they, and every finding, replay in the normal test run).
 */
class XmlDecodeFuzzTest {

    @FuzzTest(maxDuration = "25s")
    void decodeXml(byte[] body) {
        DecodeProperty.decodesOrRefuses(body, Encoding.XML);
    }
}
