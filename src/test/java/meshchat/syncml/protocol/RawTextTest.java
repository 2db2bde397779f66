package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RawTextTest {
    @Test
    void validUtf8DecodesAsUsual() {
        byte[] b = "Grüße ✓ 🛰".getBytes(StandardCharsets.UTF_8);
        assertEquals("Grüße ✓ 🛰", RawText.decode(b, 0, b.length));
        assertArrayEquals(b, RawText.encode("Grüße ✓ 🛰"));
    }

    @Test
    void aCharacterCutInTwoIsRejoinedFromTheBytesOfBothHalves() {
        byte[] b = "a✓b".getBytes(StandardCharsets.UTF_8); // ✓ is 3 bytes: cut after its first byte
        String first = RawText.decode(b, 0, 2);
        String second = RawText.decode(b, 2, b.length - 2);
        assertFalse(RawText.isEncodable("\uD800x"));
        assertTrue(RawText.isEncodable(first));
        byte[] joined = new byte[b.length];
        byte[] f = RawText.encode(first);
        byte[] s = RawText.encode(second);
        System.arraycopy(f, 0, joined, 0, f.length);
        System.arraycopy(s, 0, joined, f.length, s.length);
        assertEquals("a✓b", RawText.decode(joined, 0, joined.length));
        assertEquals("a\uFFFD", RawText.sanitize(first));
    }

    @RepeatedTest(20)
    void anyBytesSurviveDecodeThenEncode() {
        Random r = new Random();
        byte[] b = new byte[r.nextInt(200)];
        r.nextBytes(b);
        String s = RawText.decode(b, 0, b.length);
        assertTrue(RawText.isEncodable(s));
        assertArrayEquals(b, RawText.encode(s), Arrays.toString(b));
    }
}
