package meshchat.syncml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.StoreException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The running server's side of {@code user add|list|remove|passwd}: a connector of its own on
 * 127.0.0.1 (an ephemeral port, never the mesh-facing one) that answers only {@code /admin/users}
 * with the token of {@link AdminFile}; every other connector gets 404 for {@code /admin/}. Replies
 * are the line the CLI prints, as text/plain.
 * <pre>
 *   GET    /admin/users                  list
 *   PUT    /admin/users/NAME             add or update: {"password": "...", "admin": true|false|null,
 *                                        "peer": ..., "callSign": ...} (null: kept on update)
 *   PUT    /admin/users/NAME/password    {"password": "..."}
 *   DELETE /admin/users/NAME             remove
 * </pre>
 */
final class AdminEndpoint extends Handler.Wrapper {
    static final String PATH = "/admin/users";
    /** Made on first use: Jackson's classes are not loaded before the server's first answer. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final int MAX_BODY = 8192;

    private final Store store;
    private final ServerConnector connector;
    private final byte[] token;

    private AdminEndpoint(Handler next, Store store, ServerConnector connector, String token) {
        super(next);
        this.store = store;
        this.connector = connector;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
    }

    /** Adds the loopback connector and wraps the server's handler (tests; serve goes through a StartupGate). */
    static AdminEndpoint install(Server server, Store store, String token) {
        AdminEndpoint admin = wrap(server.getHandler(), store, connector(server), token);
        server.setHandler(admin);
        return admin;
    }

    /** Adds the loopback connector (before the server starts); its port is known once it started. */
    static final String CONNECTOR = "admin";

    static ServerConnector connector(Server server) {
        ServerConnector c = new ServerConnector(server, 1, 1);
        c.setName(CONNECTOR); // its own connector.name in /metrics, beside HttpServer.MAIN_CONNECTOR
        c.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        c.setPort(0);
        server.addConnector(c);
        return c;
    }

    /** The admin routes on {@code connector}, in front of {@code next} (every other request). */
    static AdminEndpoint wrap(Handler next, Store store, ServerConnector connector, String token) {
        return new AdminEndpoint(next, store, connector, token);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        boolean adminPath = path.equals(PATH) || path.startsWith(PATH + "/");
        if (request.getConnectionMetaData().getConnector() != connector) {
            if (adminPath) {
                return text(response, callback, HttpStatus.NOT_FOUND_404, "no such resource: " + path);
            }
            return super.handle(request, response, callback);
        }
        if (!adminPath || !loopback(request.getConnectionMetaData().getRemoteSocketAddress())) {
            return text(response, callback, HttpStatus.NOT_FOUND_404, "no such resource: " + path);
        }
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.US_ASCII))) {
            return text(response, callback, HttpStatus.UNAUTHORIZED_401, "wrong or missing admin token");
        }
        try {
            return answer(request, path, response, callback);
        } catch (IllegalArgumentException e) {
            return text(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
        } catch (StoreException e) {
            return text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, e.getMessage());
        }
    }

    private boolean answer(Request request, String path, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        // the name from the raw path, decoded once (the decoded path would turn %2B into '+', and URLDecoder '+' into ' ')
        String raw = request.getHttpURI().getPath();
        String rest = raw.length() > PATH.length() ? raw.substring(PATH.length() + 1) : "";
        boolean password = rest.endsWith("/password");
        String name = URLDecoder.decode(password ? rest.substring(0, rest.length() - "/password".length()) : rest,
                StandardCharsets.UTF_8);
        if (rest.isEmpty() && HttpMethod.GET.is(method)) {
            return text(response, callback, HttpStatus.OK_200, Accounts.list(store));
        }
        if (rest.isEmpty() || name.isEmpty() || name.contains("/")) {
            return text(response, callback, HttpStatus.NOT_FOUND_404, "no such resource: " + path);
        }
        if (HttpMethod.DELETE.is(method) && !password) {
            return text(response, callback, HttpStatus.OK_200, Accounts.remove(store, name));
        }
        if (!HttpMethod.PUT.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, password ? "PUT" : "PUT, DELETE");
            return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, method + " is not allowed on " + path);
        }
        JsonNode body = body(request);
        String pw = body.path("password").asText("");
        if (pw.isEmpty()) {
            throw new IllegalArgumentException("no password given");
        }
        if (password) {
            return text(response, callback, HttpStatus.OK_200, Accounts.passwd(store, name, pw));
        }
        return text(response, callback, HttpStatus.OK_200, Accounts.add(store, name, pw, flag(body, "admin"),
                flag(body, "peer"), body.hasNonNull("callSign") ? body.get("callSign").asText() : null));
    }

    private static Boolean flag(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true, false or null");
        }
        return n.booleanValue();
    }

    private static JsonNode body(Request request) throws Exception {
        byte[] b;
        try (InputStream in = Content.Source.asInputStream(request)) {
            b = in.readNBytes(MAX_BODY + 1);
        }
        if (b.length > MAX_BODY) {
            throw new IllegalArgumentException("request body over " + MAX_BODY + " bytes");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(b);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static boolean loopback(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null && i.getAddress().isLoopbackAddress();
    }

    private static boolean text(Response response, Callback callback, int status, String message) {
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback);
        return true;
    }
}
