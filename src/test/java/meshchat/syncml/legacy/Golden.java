package meshchat.syncml.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import meshchat.syncml.chat.Message;

/** The captured v2 bytes in src/test/resources/golden/v2/ (see its README). */
final class Golden {

    /** The message of the capture: posted on node-a, id 76363d85. */
    static final Message CAPTURED = Message.create("76363d85", 1795658698L, "Hello from A\nline2 \"quoted\" tab",
            "N0CALL", "node-a", "node", "");
    static final String CAPTURED_MD5 = "cf674a2941d24945fa76ef6c482fc563";
    /** The capture's time: its messages are a few seconds old then. */
    static final long CAPTURE_EPOCH = 1795658700L;

    private Golden() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/v2/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
