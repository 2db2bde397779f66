package meshchat.syncml.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server's outermost handler while the store opens (issue 10: the first answer within half
 * a second of process start). The HTTP connector starts at once and the store opens beside it;
 * until {@link #open} hands over the real handlers:
 * <ul>
 * <li>{@code GET /} and {@code /status.txt} answer 200 with the truth: the store is starting
 * (no message counts, which are not known yet);</li>
 * <li>every other request (a SyncML POST first of all) waits for the store up to a bound, then
 * goes to the real handler as if nothing happened. A client that starts with the server (a
 * systemd neighbour) gets its normal answer. Only if the store is not open by then does it get
 * 503 Service Unavailable with Retry-After: the status HTTP gives for "come back shortly", which
 * SyncML clients treat as a transport error to retry, not as a refusal of their data.</li>
 * </ul>
 * If the store cannot open ({@link #failed}), the process is about to exit; requests get 503.
 */
public final class StartupGate extends Handler.Abstract {
    /** Seconds a client is told to wait after a 503. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final String nodeName;
    private final Duration wait;
    private final long started = System.nanoTime();
    private final CountDownLatch settled = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Handler inner;
    private volatile String failure;

    /**
     * @param wait how long a request other than the status page waits for the store before 503
     */
    public StartupGate(String nodeName, Duration wait) {
        super(InvocationType.BLOCKING);
        this.nodeName = nodeName;
        this.wait = wait;
    }

    /** The store is open: from now on every request goes to {@code handler} (started here). */
    public void open(Handler handler) throws Exception {
        handler.setServer(getServer());
        handler.start();
        inner = handler;
        settled.countDown();
    }

    /** How many requests wait for the store now. */
    public int waiting() {
        return waiting.get();
    }

    /** The store did not open; the server is stopping. Requests get 503 with this reason. */
    public void failed(String reason) {
        failure = reason;
        settled.countDown();
    }

    @Override
    protected void doStop() throws Exception {
        Handler h = inner;
        if (h != null) {
            h.stop();
        }
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler h = inner;
        if (h != null) {
            return h.handle(request, response, callback);
        }
        String path = Request.getPathInContext(request);
        if (failure == null && request.getMethod().equals("GET") && (path.equals("/") || path.equals(StatusHandler.TEXT_PATH))) {
            return starting(request, response, callback, path);
        }
        if (failure == null) {
            waiting.incrementAndGet();
            try {
                settled.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                waiting.decrementAndGet();
            }
            h = inner;
            if (h != null) {
                return h.handle(request, response, callback);
            }
        }
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        date(response);
        return SyncMlHandler.text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, failure != null
                ? "the server is stopping: " + failure
                : "the server is starting (its store is being opened); retry in " + RETRY_AFTER_SECONDS + " seconds");
    }

    /** The status page while starting: what is true now, nothing more. */
    private boolean starting(Request request, Response response, Callback callback, String path) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        date(response);
        byte[] body;
        if (path.equals("/") && StatusHandler.wantsHtml(request.getHeaders().get(HttpHeader.ACCEPT))) {
            // no stylesheet: /static is not served yet; refreshes itself until the real page is there
            body = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta http-equiv=\"refresh\" content=\"2\"><title>MeshChat SyncML server</title></head>\n<body>"
                    + "<h1>MeshChat SyncML server</h1><p>Node " + Html.escape(nodeName)
                    + " is starting: its store is being opened (" + seconds + " s so far).</p></body></html>\n")
                    .getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
        } else {
            body = ("MeshChat SyncML server\nnode: " + nodeName + "\nstore: starting\nuptime: "
                    + StatusHandler.uptime(Duration.ofSeconds(seconds)) + "\n").getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private void date(Response response) {
        if (getServer() != null) {
            response.getHeaders().put(HttpHeader.DATE, getServer().getDateField().getValue());
        }
    }
}
