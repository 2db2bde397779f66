package meshchat.syncml.http;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches by path (exact or prefix) without rewriting the request, so every handler sees the
 * full path in context. Unknown paths get a plain-text 404.
 */
final class Routes extends Handler.Abstract {
    private record Route(String path, boolean prefix, Handler handler) {
        boolean matches(String p) {
            return prefix ? p.startsWith(path) || p.equals(path.substring(0, path.length() - 1)) : p.equals(path);
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /**
     * Date on every reply: RFC 9110 6.6.1 makes it a MUST for an origin server with a clock, so
     * SyncML replies keep its 37 bytes too (Jetty's own is off in HttpServer; this one is the same).
     */
    private void date(Response response) {
        response.getHeaders().put(HttpHeader.DATE, getServer().getDateField().getValue());
    }

    Routes exact(String path, Handler h) {
        routes.add(new Route(path, false, h));
        addBean(h);
        return this;
    }

    Routes prefix(String path, Handler h) {
        routes.add(new Route(path, true, h));
        addBean(h);
        return this;
    }

    @Override
    public void setServer(org.eclipse.jetty.server.Server server) {
        super.setServer(server);
        routes.forEach(r -> r.handler().setServer(server));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        for (Route r : routes) {
            if (r.matches(path)) {
                date(response);
                return r.handler().handle(request, response, callback);
            }
        }
        date(response);
        return SyncMlHandler.text(response, callback, HttpStatus.NOT_FOUND_404, "no such resource: " + path);
    }
}
