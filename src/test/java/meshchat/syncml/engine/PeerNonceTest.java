package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A peer's NextNonce is kept only when it can be used: a bad one would break every later session. */
class PeerNonceTest {

    @Test
    void onlyBase64OfAtMost255CharactersIsKept() {
        assertTrue(PeerClient.usableNonce("bm9uY2U="));
        assertFalse(PeerClient.usableNonce("A"), "not enough bits for one byte: Base64 throws");
        assertFalse(PeerClient.usableNonce(""));
        assertFalse(PeerClient.usableNonce(null));
        assertFalse(PeerClient.usableNonce("QUFB".repeat(64)), "256 characters: longer than the store keeps");
        assertTrue(PeerClient.usableNonce("QUFB".repeat(63)));
    }
}
