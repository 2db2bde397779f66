package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A WBXML STR_T token of 2 bytes copies a whole string-table entry: what references of one body
 * expand to is bounded (8 characters per body byte plus 65,536), else 8 KB decode into 8 million
 * characters before authentication.
 */
class WbxmlStringTableBoundTest {
    @Test
    void referencesExpandingPastTheBoundAreRefusedNamingTheLimit() {
        byte[] body = CraftedWbxml.stringTableRefs(4096, 2_000, "dev-x"); // 8 KB asking for 8 million characters
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> SyncMLCodec.decode(body, Encoding.WBXML));
        assertTrue(e.getMessage().contains("string table references expand to more than"), e.getMessage());
        assertFalse(e.tooLarge(), "malformed input, not a command count");
    }

    @Test
    void shortStringsReferencedManyTimesStillDecode() throws Exception {
        // 1,000 references to a 40-character string: 40,000 characters from about 2 KB, under the bound
        SyncMessage m = SyncMLCodec.decode(CraftedWbxml.stringTableRefs(40, 1_000, "dev-x"), Encoding.WBXML);
        assertEquals(40_000, m.header().sessionId().length());
    }

    @Test
    void ourEncoderSendsLongRepeatedStringsInlineRatherThanPastTheBound() throws Exception {
        // 300 statuses naming the same 1,000-character LUID: through the table, about 300,000
        // characters from 7 KB, more than any decoder of ours accepts; inline they are 300 KB
        String luid = "L".repeat(1_000);
        List<Command> statuses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            statuses.add(new Status(Integer.toString(i + 1), "1", "2", "Add", List.of(), List.of(luid), null, "201",
                    List.of()));
        }
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, "1", "1", Location.of("http://127.0.0.1/sync"), Location.of("dev"),
                null, false, null, null);
        SyncMessage m = new SyncMessage(h, statuses, true);
        byte[] wbxml = SyncMLCodec.encode(m, Encoding.WBXML);
        assertEquals(m, SyncMLCodec.decode(wbxml, Encoding.WBXML));
        // and short repeated strings still go through the table (bytes on a radio link)
        List<Command> small = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            small.add(new Status(Integer.toString(i + 1), "1", "2", "Add", List.of(), List.of("L" + i), null, "201",
                    List.of()));
        }
        SyncMessage s = new SyncMessage(h, small, true);
        byte[] compact = SyncMLCodec.encode(s, Encoding.WBXML);
        assertTrue(compact[3] != 0, "a string table is used");
        assertEquals(s, SyncMLCodec.decode(compact, Encoding.WBXML));
    }
}
