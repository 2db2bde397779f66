package meshchat.syncml.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import meshchat.syncml.engine.SessionSummary;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.legacy.V2NodeStatus;
import meshchat.syncml.peer.PeerStatus;
import meshchat.syncml.store.Store;

/**
 * {@code GET /}: the status page for operators. A browser (Accept naming text/html) gets the HTML
 * page ({@link StatusPage}); anything else, and {@code GET /status.txt}, the plain-text lines
 * scripts read (node, messages, last change, uptime, peers, v2 nodes).
 */
public final class StatusHandler extends Handler.Abstract {
    /** The plain-text page, whatever the Accept header says. */
    static final String TEXT_PATH = "/status.txt";

    private final Store store;
    private final String nodeName;
    private final Clock clock;
    private final Instant started;
    private final Supplier<List<PeerStatus>> peers;
    private final SyncServer engine;
    private final Supplier<List<V2NodeStatus>> v2Nodes;

    public StatusHandler(Store store, String nodeName, Clock clock) {
        this(store, nodeName, clock, List::of, null);
    }

    /** @param engine its session log and open sessions are shown; null for none */
    public StatusHandler(Store store, String nodeName, Clock clock, Supplier<List<PeerStatus>> peers, SyncServer engine) {
        this(store, nodeName, clock, peers, List::of, engine);
    }

    /** The same, with the legacy bridge's v2 nodes. */
    public StatusHandler(Store store, String nodeName, Clock clock, Supplier<List<PeerStatus>> peers,
                         Supplier<List<V2NodeStatus>> v2Nodes, SyncServer engine) {
        super(InvocationType.BLOCKING);
        this.v2Nodes = v2Nodes;
        this.store = store;
        this.nodeName = nodeName;
        this.clock = clock;
        this.started = clock.instant();
        this.peers = peers;
        this.engine = engine;
    }

    /** The version in the jar's manifest; "development" when run from classes. */
    static String version() {
        String v = StatusHandler.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals("/") && !path.equals(TEXT_PATH)) {
            return false;
        }
        if (!request.getMethod().equals("GET")) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            SyncMlHandler.closeIfContentUnread(request, response);
            callback.succeeded();
            return true;
        }
        if (path.equals("/") && wantsHtml(request.getHeaders().get(HttpHeader.ACCEPT))) {
            byte[] html = StatusPage.render(view()).getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.write(true, ByteBuffer.wrap(html), callback);
            return true;
        }
        long[] counts = store.read(tx -> new long[] {tx.messageCount(), tx.lastSeq()});
        String page = "MeshChat SyncML server\n"
                + "node: " + nodeName + "\n"
                + "messages: " + counts[0] + "\n"
                + "last change: " + counts[1] + "\n"
                + "uptime: " + uptime(Duration.between(started, clock.instant())) + "\n"
                + peerLines(peers.get())
                + v2Lines(v2Nodes.get());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private StatusPage.View view() {
        List<PeerStatus> peerList = peers.get();
        List<V2NodeStatus> v2List = v2Nodes.get();
        List<SessionSummary> sessions = engine == null ? List.of() : engine.sessionLog().recent();
        int open = engine == null ? 0 : engine.openSessions();
        Duration up = Duration.between(started, clock.instant());
        return store.read(tx -> new StatusPage.View(nodeName, version(), up, tx.messageCount(), tx.tombstoneCount(),
                tx.lastSeq(), tx.channelCounts(), tx.syncedClients(StatusPage.MAX_DEVICES), sessions, peerList, v2List, open));
    }

    /** Whether the client prefers HTML: browsers send Accept: text/html,...; curl and scripts do not. */
    static boolean wantsHtml(String accept) {
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }

    /**
     * One line per peer. URL and error are shown with {@link PeerText#printable} so a hostile
     * peer's error text cannot forge lines or reorder the page.
     */
    static String peerLines(List<PeerStatus> peers) {
        StringBuilder b = new StringBuilder();
        for (PeerStatus p : peers) {
            b.append("peer ").append(PeerText.printable(p.url()))
                    .append(": last success ").append(time(p.lastSuccess()))
                    .append(", last attempt ").append(time(p.lastAttempt()))
                    .append(", last error ").append(p.lastError() == null ? "none" : "\"" + PeerText.printable(p.lastError()) + "\"")
                    .append(", last session: items sent ").append(p.itemsSent())
                    .append(" received ").append(p.itemsReceived())
                    .append(", bytes sent ").append(p.bytesSent())
                    .append(" received ").append(p.bytesReceived())
                    .append('\n');
        }
        return b.toString();
    }

    /** One line per v2 node, in the peer lines' style (and as printable: its error text is the peer's doing). */
    static String v2Lines(List<V2NodeStatus> nodes) {
        StringBuilder b = new StringBuilder();
        for (V2NodeStatus n : nodes) {
            b.append("v2 node ").append(PeerText.printable(n.url()))
                    .append(": last success ").append(time(n.lastSuccess()))
                    .append(", last error ").append(n.lastError() == null ? "none" : "\"" + PeerText.printable(n.lastError()) + "\"")
                    .append('\n');
        }
        return b.toString();
    }

    private static String time(Instant t) {
        return t == null ? "never" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** "3d 04:05:06" */
    static String uptime(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return String.format("%dd %02d:%02d:%02d", s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    }
}
