package meshchat.syncml.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.peer.PeerStatus;
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
    private final Supplier<List<PeerStatus>> peers;

    MetricsHandler(Store store, SyncServer engine, Supplier<List<PeerStatus>> peers) {
        this.store = store;
        this.engine = engine;
        this.peers = peers;
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
                + "meshchat_auth_throttled_total " + engine.throttle().throttled() + "\n"
                + peerMetrics(peers.get());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback);
        return true;
    }

    /** Per peer gauges, labelled with the peer URL; nothing when there are no peers. */
    static String peerMetrics(List<PeerStatus> peers) {
        if (peers.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        gauge(b, peers, "meshchat_peer_up", "1 when the last session with the peer node succeeded, else 0.",
                p -> p.lastAttempt() != null && p.lastError() == null ? "1" : "0");
        gauge(b, peers, "meshchat_peer_last_success_seconds", "Unix time the last good session with the peer ended (0: never).",
                p -> seconds(p.lastSuccess()));
        gauge(b, peers, "meshchat_peer_last_attempt_seconds", "Unix time the last session with the peer started (0: never).",
                p -> seconds(p.lastAttempt()));
        gauge(b, peers, "meshchat_peer_items_sent", "Items sent to the peer in the last session.", p -> "" + p.itemsSent());
        gauge(b, peers, "meshchat_peer_items_received", "Items received from the peer in the last session.",
                p -> "" + p.itemsReceived());
        gauge(b, peers, "meshchat_peer_bytes_sent", "Bytes sent to the peer in the last session, HTTP heads included.",
                p -> "" + p.bytesSent());
        gauge(b, peers, "meshchat_peer_bytes_received", "Bytes received from the peer in the last session, HTTP heads included.",
                p -> "" + p.bytesReceived());
        return b.toString();
    }

    private static void gauge(StringBuilder b, List<PeerStatus> peers, String name, String help, Function<PeerStatus, String> value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        for (PeerStatus p : peers) {
            b.append(name).append("{peer=\"").append(PeerText.labelValue(p.url())).append("\"} ")
                    .append(value.apply(p)).append('\n');
        }
    }

    private static String seconds(Instant t) {
        return t == null ? "0" : String.format(java.util.Locale.ROOT, "%.3f", t.toEpochMilli() / 1000.0);
    }
}
