package meshchat.syncml.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.store.Store;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** GET /metrics: a few gauges in the Prometheus text format. */
final class MetricsHandler extends Handler.Abstract {
    private final Store store;
    private final SyncServer engine;

    MetricsHandler(Store store, SyncServer engine) {
        this.store = store;
        this.engine = engine;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long seq = store.read(tx -> tx.lastSeq());
        String body = "# HELP meshchat_change_seq Last change sequence number in the store.\n"
                + "# TYPE meshchat_change_seq gauge\n"
                + "meshchat_change_seq " + seq + "\n"
                + "# HELP meshchat_syncml_sessions Open SyncML sessions.\n"
                + "# TYPE meshchat_syncml_sessions gauge\n"
                + "meshchat_syncml_sessions " + engine.openSessions() + "\n"
                + "# HELP meshchat_auth_failures_total Logins refused for wrong credentials (SyncML and API).\n"
                + "# TYPE meshchat_auth_failures_total counter\n"
                + "meshchat_auth_failures_total " + engine.throttle().failures() + "\n"
                + "# HELP meshchat_auth_throttled_total Logins refused unchecked: account or device id in back-off.\n"
                + "# TYPE meshchat_auth_throttled_total counter\n"
                + "meshchat_auth_throttled_total " + engine.throttle().throttled() + "\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback);
        return true;
    }
}
