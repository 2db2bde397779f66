package meshchat.syncml.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The pages' fixed files, from the jar ({@code meshchat/syncml/http/web/}): a closed list of
 * paths, so no request path ever reaches the class loader.
 */
final class StaticHandler extends Handler.Abstract.NonBlocking {
    private static final String BASE = "/meshchat/syncml/http/web/";

    private record File(byte[] bytes, String type) {
    }

    private final Map<String, File> files;

    /** @param paths request path -> resource name under web/ */
    StaticHandler(Map<String, String> paths) {
        this.files = Map.copyOf(paths.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> load(e.getValue()))));
    }

    private static File load(String name) {
        try (InputStream in = StaticHandler.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BASE + name);
            }
            String type = name.endsWith(".css") ? "text/css; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
            return new File(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        File f = files.get(Request.getPathInContext(request));
        if (f == null) {
            return false;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return SyncMlHandler.refuse(request, response, callback, 405, "only GET here");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, f.type());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, f.bytes().length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=300");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        // the chat page's script comes only from us; no inline script runs, so hostile text cannot either
        response.getHeaders().put("Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'");
        if (request.getMethod().equals("HEAD")) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(f.bytes()), callback);
        }
        return true;
    }
}
