package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The command gate's limit (commands plus items) and an element bound are counted while decoding,
 * so a message of a million one-byte WBXML {@code <Put/>}s stops before a million model objects exist;
 * the header is still decoded so the refusal can be the gate's SyncHdr 413.
 */
class DecodeLimitsTest {
    private static byte[] xmlPuts(int n, String extraInFirstPut) {
        StringBuilder b = new StringBuilder();
        b.append("<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto>")
                .append("<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>http://127.0.0.1/sync</LocURI></Target>")
                .append("<Source><LocURI>dev-put</LocURI></Source></SyncHdr><SyncBody>");
        b.append("<Put><CmdID>1</CmdID>").append(extraInFirstPut).append("</Put>");
        b.append("<Put/>".repeat(n - 1));
        return b.append("<Final/></SyncBody></SyncML>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void commandsPastTheLimitStopTheDecodeAndKeepTheHeader() {
        for (byte[] body : new byte[][] {CraftedWbxml.emptyPuts(1_001, "dev-put"), xmlPuts(1_001, "")}) {
            Encoding e = body[0] == '<' ? Encoding.XML : Encoding.WBXML;
            MalformedMessageException x = assertThrows(MalformedMessageException.class,
                    () -> SyncMLCodec.decode(body, e, 1_000));
            assertTrue(x.tooLarge(), x.getMessage());
            assertTrue(x.getMessage().contains("more than 1000 commands and items"), x.getMessage());
            assertNotNull(x.headerOnly(), "the header is decoded for a SyncML refusal");
            assertEquals("dev-put", x.headerOnly().header().source().uri());
            assertEquals(0, x.headerOnly().commands().size(), "no command is built");
        }
    }

    @Test
    void aMessageAtTheCommandLimitDecodes() throws Exception {
        assertEquals(1_000, SyncMLCodec.decode(CraftedWbxml.emptyPuts(1_000, "dev-put"), Encoding.WBXML, 1_000)
                .commands().size());
        assertEquals(1_000, SyncMLCodec.decode(xmlPuts(1_000, ""), Encoding.XML, 1_000).commands().size());
    }

    @Test
    void elementsPastTheElementBoundStopTheDecode() {
        // limit 10 commands: at most 8 x 10 + 1,024 elements, whatever they are
        byte[] body = xmlPuts(2, "<Unknown/>".repeat(2_000));
        MalformedMessageException x = assertThrows(MalformedMessageException.class,
                () -> SyncMLCodec.decode(body, Encoding.XML, 10));
        assertTrue(x.tooLarge(), x.getMessage());
        assertTrue(x.getMessage().contains("more than 1104 elements"), x.getMessage());
    }

    @Test
    void theDefaultLimitIsTheGatesDefault() {
        MalformedMessageException x = assertThrows(MalformedMessageException.class,
                () -> SyncMLCodec.decode(CraftedWbxml.emptyPuts(100_001, "dev-put"), Encoding.WBXML));
        assertTrue(x.tooLarge(), x.getMessage());
    }
}
