package meshchat.syncml.legacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CGI answer of v2: the headers its Lua script prints, in order and spelled as it spells them
 * ({@code Content-type}, {@code Content-MD5}), and the body. The status is always 200: v2's CGI
 * never sets one, and a crashed script still leaves 200 with the headers it printed.
 */
record V2Reply(List<String[]> headers, byte[] body) {

    static final String TEXT = "text/plain";
    static final String JSON = "application/json";

    static V2Reply of(String contentType, String body) {
        return of(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static V2Reply of(String contentType, byte[] body) {
        List<String[]> h = new ArrayList<>();
        h.add(new String[] {"Content-type", contentType});
        return new V2Reply(List.copyOf(h), body);
    }

    /** {@code Content-MD5} first, as v2 prints it; peers match it case-sensitively. */
    static V2Reply withMd5(String md5, byte[] body, String... moreHeaders) {
        List<String[]> h = new ArrayList<>();
        h.add(new String[] {"Content-MD5", md5});
        for (int i = 0; i + 1 < moreHeaders.length; i += 2) {
            h.add(new String[] {moreHeaders[i], moreHeaders[i + 1]});
        }
        h.add(new String[] {"Content-type", TEXT});
        return new V2Reply(List.copyOf(h), body);
    }

    /** What a v2 client sees when the Lua script dies after printing its headers. */
    static V2Reply crashed(String contentType) {
        return of(contentType, new byte[0]);
    }

    V2Reply plus(String name, String value) {
        List<String[]> h = new ArrayList<>(headers);
        h.add(new String[] {name, value});
        return new V2Reply(List.copyOf(h), body);
    }

    V2Reply withBody(byte[] newBody) {
        return new V2Reply(headers, newBody);
    }
}
