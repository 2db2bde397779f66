package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The POST /api/messages body on its own: the values under the text rule, one-line reasons. */
class ApiMessageBodyTest {

    static ApiMessageBody parse(String json) {
        return ApiMessageBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static String reason(String json) {
        return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
    }

    @Test
    void valuesComeBackCleanedAndNullWhereAbsent() {
        assertEquals(new ApiMessageBody("a\nb", null, null), parse("{\"message\": \"a\\r\\nb\\u0000\"}"));
        assertEquals(new ApiMessageBody("x", "N0 CALL", "ops"),
                parse("{\"message\": \"x\", \"call_sign\": \"N0\\rCALL\", \"channel\": \"ops\\u0007\", \"other\": 1}"));
        assertEquals(new ApiMessageBody("\ufffd", null, null), parse("{\"message\": \"\\ud800\", \"channel\": null}"));
        assertEquals(new ApiMessageBody("x", "", ""), parse("{\"message\": \"x\", \"call_sign\": \"\\r\", \"channel\": \"\"}"));
    }

    @Test
    void badBodiesGiveOneLineReasons() {
        assertEquals(ApiMessageBody.SHAPE, reason("[1]"));
        assertEquals(ApiMessageBody.SHAPE, reason(""));
        assertEquals("\"message\" is required and must not be blank (control characters do not count)",
                reason("{\"message\": \"\\u0000 \\r\\n\"}"));
        assertEquals("\"message\" must be a string", reason("{\"message\": {}}"));
        assertEquals("\"call_sign\" is too long: 256 > 255 characters",
                reason("{\"message\": \"x\", \"call_sign\": \"" + "K".repeat(256) + "\"}"));
        for (String bad : new String[] {"{\"message\": ", "{\"message\": \"x\", \"message\": \"y\"}", "{\"message\": \"\u0000\"}",
                "[".repeat(5000), "{\"a\":\"\r\n\u0000\"", "\u0000"}) {
            String r = reason(bad);
            assertFalse(r.contains("\n") || r.contains("\r") || r.contains("\u0000"), r);
        }
        assertThrows(IllegalArgumentException.class, () -> ApiMessageBody.parse(null));
        assertThrows(IllegalArgumentException.class, () -> ApiMessageBody.parse(new byte[] {(byte) 0xff, '{'}));
    }
}
