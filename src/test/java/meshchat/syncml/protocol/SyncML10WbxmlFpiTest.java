package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * SyncEvolution 2.0.0 (libsynthesis) writes a SyncML 1.0 WBXML message with the public id as a
 * string-table FPI that fills the table without a NUL ({@code 02 00 00 6a 1d "-//SYNCML//DTD
 * SyncML 1.0//EN"}): captured from the real client (SyncMLVersion=1.0, enableWBXML=1), it decodes as 1.0.
 */
class SyncML10WbxmlFpiTest {
    @Test
    void libsynthesisSyncml10WbxmlWithAnUnterminatedFpiDecodes() throws Exception {
        byte[] body = SyncML10Test.golden("syncevolution-wbxml-msg1.wbxml");
        assertEquals(0x1d, body[4], "the table is exactly the FPI's 29 bytes");
        SyncMessage m = SyncMLCodec.decode(body, Encoding.WBXML);
        assertEquals(SyncMLVersion.V1_0, m.header().version());
        assertEquals("capdev", m.header().source().uri());
        assertTrue(m.commands().stream().anyMatch(c -> c instanceof Alert), m.toString());
    }
}
