package meshchat.syncml.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import meshchat.syncml.store.Store;

/**
 * GET (or HEAD) {@code <sync path>/changes}: the cheap change check a peer node makes before a
 * periodic session. Answers the store's last change seq as a strong ETag ({@code "42"}) with the
 * number as a tiny body, or 304 without a body when If-None-Match names that ETag. No credentials:
 * the number is already on the status page and in /metrics. One indexed MAX per request, no query
 * or body read.
 */
final class ChangesHandler extends Handler.Abstract {
    private final Store store;

    ChangesHandler(Store store) {
        this.store = store;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!HttpMethod.HEAD.is(method) && !HttpMethod.GET.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return SyncMlHandler.refuse(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    "the change check answers GET and HEAD only");
        }
        String etag = etag(store.read(tx -> tx.lastSeq()));
        response.getHeaders().put(HttpHeader.ETAG, etag);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        if (matches(request.getHeaders().getValuesList(HttpHeader.IF_NONE_MATCH), etag)) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }
        byte[] b = (etag.substring(1, etag.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback); // Jetty sends no body for HEAD
        return true;
    }

    static String etag(long seq) {
        return "\"" + seq + "\"";
    }

    /**
     * RFC 9110 13.1.2: If-None-Match is "*" or a list of entity tags, compared weakly (a W/ prefix
     * is ignored). Only the first few hundred characters of each field are looked at (bounded).
     */
    static boolean matches(java.util.List<String> fields, String etag) {
        for (String field : fields) {
            String f = field.length() > 512 ? field.substring(0, 512) : field;
            for (String tag : f.split(",", 32)) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }
}
