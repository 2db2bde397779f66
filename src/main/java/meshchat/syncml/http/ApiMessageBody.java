package meshchat.syncml.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import meshchat.syncml.chat.TextRule;

/**
 * The body of {@code POST /api/messages}: {@code {"message": "...", "call_sign": "...",
 * "channel": "..."}}, the message required, the others optional, unknown members ignored.
 * The values come back under {@link TextRule} (text cleaned, fields one line), null where absent.
 *
 * @param message  the message text, cleaned
 * @param callSign the call sign asked for, one line; null when absent or null in the body
 * @param channel  the channel, one line; null when absent or null in the body
 */
public record ApiMessageBody(String message, String callSign, String channel) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    static final String SHAPE = "request body must be a JSON object {\"call_sign\", \"channel\", \"message\"}";

    /**
     * Parses and validates a POST /api/messages body; throws IllegalArgumentException with a
     * one-line, client-facing reason. Never throws anything else.
     */
    public static ApiMessageBody parse(byte[] json) {
        if (json == null) {
            throw new IllegalArgumentException(SHAPE);
        }
        JsonNode body;
        try {
            body = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + oneLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("request body is nested too deeply");
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException(SHAPE);
        }
        String text = string(body, "message");
        if (text == null || TextRule.isBlank(text)) {
            throw new IllegalArgumentException("\"message\" is required and must not be blank (control characters do not count)");
        }
        try {
            text = TextRule.text(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"message\": " + e.getMessage());
        }
        return new ApiMessageBody(text, field(body, "call_sign"), field(body, "channel"));
    }

    private static String field(JsonNode body, String name) {
        String v = string(body, name);
        return v == null ? null : TextRule.field("\"" + name + "\"", v);
    }

    private static String string(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    /** Jackson's messages may quote the input, control characters and all: keep the reason one line. */
    private static String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        String t = TextRule.field("reason", s.length() > 200 ? s.substring(0, 200) + "..." : s);
        return t.isEmpty() ? "unreadable" : t;
    }
}
