package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Meta/Format b64: decoded on the way in, encoded on the way out. */
class DataFormatTest {
    @Test
    void onlyB64IsBase64AndEverythingElseIsTheTextItself() {
        assertSame(DataFormat.B64, DataFormat.of(" B64 "));
        assertSame(DataFormat.CHR, DataFormat.of(null));
        assertSame(DataFormat.CHR, DataFormat.of("chr"));
        assertSame(DataFormat.CHR, DataFormat.of("bin"));
        assertEquals("b64", DataFormat.B64.metaFormat());
        assertNull(DataFormat.CHR.metaFormat());
        assertEquals("x\r\n", DataFormat.CHR.decode("x\r\n"));
    }

    @Test
    void b64RoundTripsUtf8AndIgnoresLineBreaks() {
        String vnote = "BEGIN:VNOTE\r\nBODY:Grüße ✓ 😀\r\nEND:VNOTE\r\n";
        String data = DataFormat.B64.encode(vnote);
        assertEquals(Base64.getEncoder().encodeToString(vnote.getBytes(StandardCharsets.UTF_8)), data);
        assertEquals(vnote, DataFormat.B64.decode(data));
        String wrapped = data.substring(0, 20) + "\r\n " + data.substring(20);
        assertEquals(vnote, DataFormat.B64.decode(wrapped));
    }

    @Test
    void eightBitBytesThatAreNotUtf8AreReadAsLatin1() {
        byte[] latin1 = "Köln".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Köln", DataFormat.B64.decode(Base64.getEncoder().encodeToString(latin1)));
    }

    @Test
    void dataThatIsNotBase64IsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFormat.B64.decode("no*base64!"));
        assertTrue(e.getMessage().startsWith("item data in Format b64 is not base64"), e.getMessage());
    }
}
