package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The text hash a Delete on meshchat-full carries as its Data (see {@link MessageItem}, "Deletes"). */
class MessageItemDeleteTest {
    private static final String HASH = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void theHashLineRoundTrips() {
        assertEquals("Text-Hash: " + HASH + "\n", MessageItem.deleteData(HASH));
        assertEquals(HASH, MessageItem.deleteTextHash(MessageItem.deleteData(HASH)));
    }

    @Test
    void headerNamesAreCaseInsensitiveOtherHeadersIgnoredCrToleratedHexLowerCased() {
        assertEquals(HASH, MessageItem.deleteTextHash("X-Future: 1\r\ntext-hash:  " + HASH.toUpperCase() + " \r\n"));
        assertEquals(HASH, MessageItem.deleteTextHash("Text-Hash: " + HASH)); // no line end
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "Text-Hash:", "Text-Hash: abc", "Text-Hash: 0x12",
        "\nText-Hash: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "Text-Hash: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015az",
        "Text-Hash: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0"})
    void aMissingOrMalformedHashIsNoneAndNeverThrows(String data) {
        assertNull(MessageItem.deleteTextHash(data));
    }

    @Test
    void nullAndHugeDataCarryNoHash() {
        assertNull(MessageItem.deleteTextHash(null));
        assertNull(MessageItem.deleteTextHash("X: y\n".repeat(2_000) + "Text-Hash: " + HASH));
        assertNull(MessageItem.deleteData(null));
        assertNull(MessageItem.deleteData("not a hash"));
    }
}
