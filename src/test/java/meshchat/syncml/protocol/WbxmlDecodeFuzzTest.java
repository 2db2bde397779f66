package meshchat.syncml.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the WBXML decoder, as {@link XmlDecodeFuzzTest} does the XML one. Seeds: the WBXML
 * capture of SyncEvolution and WBXML encodings of the XML captures (WbxmlDecodeFuzzTestInputs).
 */
class WbxmlDecodeFuzzTest {

    @FuzzTest(maxDuration = "25s")
    void decodeWbxml(byte[] body) {
        DecodeProperty.decodesOrRefuses(body, Encoding.WBXML);
    }
}
