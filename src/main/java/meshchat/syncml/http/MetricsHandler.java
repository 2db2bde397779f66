package meshchat.syncml.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** GET /metrics: {@link ServerMetrics} in the Prometheus text format. Blocking: store gauges do JDBC. */
final class MetricsHandler extends Handler.Abstract {
    private final ServerMetrics metrics;

    MetricsHandler(ServerMetrics metrics) {
        super(InvocationType.BLOCKING);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return SyncMlHandler.refuse(request, response, callback, 405, "only GET here");
        }
        byte[] b = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback);
        return true;
    }
}
