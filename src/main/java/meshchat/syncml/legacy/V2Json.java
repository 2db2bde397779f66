package meshchat.syncml.legacy;

import java.util.List;

/**
 * JSON as v2 prints it through luci.jsonc (json-c): {@code /} escaped as {@code \/}, control
 * characters escaped, everything else (UTF-8 included) raw, no spaces. Key order is ours: v2's
 * comes from Lua's table iteration and is arbitrary, so clients cannot rely on it.
 */
final class V2Json {

    private final StringBuilder out = new StringBuilder("{");

    private V2Json() {
    }

    static V2Json object() {
        return new V2Json();
    }

    V2Json put(String key, String value) {
        return raw(key, str(value));
    }

    V2Json put(String key, long value) {
        return raw(key, Long.toString(value));
    }

    /** A value that is already JSON. */
    V2Json raw(String key, String json) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append(str(key)).append(':').append(json);
        return this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    static String array(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }

    /** A JSON string as json-c's json_escape_str writes it. */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '/' -> b.append("\\/");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
