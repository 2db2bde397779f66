package meshchat.syncml.legacy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * A v2 node's answers to the sync daemon's four requests, from a list of lines set by the test:
 * {@code messages_version} with v2's trailing LF, {@code messages_raw} and {@code users_raw} with
 * Content-MD5. Counts requests per action.
 */
final class FakeV2Peer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    volatile List<String> lines = List.of();
    volatile List<String> users = List.of();
    /** When set, sent instead of the body's MD5. */
    volatile String md5 = null;
    volatile boolean notMeshChat = false;

    FakeV2Peer() throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Fields q = Request.extractQueryParameters(request);
                String action = q.getValue("action");
                hits.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
                if (notMeshChat) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                String body = switch (action) {
                    case "messages_version" -> {
                        long sum = 0;
                        for (String l : lines) {
                            sum += l.matches("^[0-9a-f]{8}\t.*") ? Long.parseLong(l.substring(0, 8), 16) : 0;
                        }
                        yield sum + "\n";
                    }
                    case "messages_raw" -> join(lines);
                    case "users_raw" -> join(users);
                    default -> "error no action\n";
                };
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                if (!action.equals("messages_version")) {
                    response.getHeaders().put("Content-MD5", md5 != null ? md5 : V2Format.md5Hex(b));
                }
                response.getHeaders().put("Content-type", "text/plain");
                response.write(true, ByteBuffer.wrap(b), callback);
                return true;
            }
        });
        server.start();
    }

    private static String join(List<String> lines) {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    int hits(String action) {
        AtomicInteger n = hits.get(action);
        return n == null ? 0 : n.get();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
