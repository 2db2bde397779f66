package meshchat.syncml.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request's body without a thread before the next handler sees it. The handlers behind
 * read bodies with blocking reads; a client that sends its headers and then its body a byte at a
 * time held one of the 32 request threads per connection for as long as it liked, so a few dozen
 * such connections (on the SyncML endpoint, before any login) stopped every answer. Here the body
 * is gathered by Jetty's demand callbacks, and the next handler runs once it is all in memory.
 *
 * Bounded: at most {@code maxBytes + 1} bytes are kept per request (enough for the handler to see
 * that the body is too large and say so); bodies being gathered or handled hold at most
 * {@code budgetBytes} together, and those from one remote address at most a quarter of that (but
 * always room for four whole bodies), so one host alone cannot take it all. Bytes are counted as they
 * arrive, not as declared: a client that declares much and sends little holds little. A request
 * that would pass a bound is answered 503 with Retry-After. A body whose Content-Length is over
 * {@code maxBytes} goes to the handler unread, which refuses it. A connection that sends nothing
 * for the connector's idle timeout fails its read and releases what it held.
 */
public final class BufferedBodies extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedBodies.class);

    private final int maxBytes;
    private final long budgetBytes;
    private final long perAddressBytes;
    private final AtomicLong held = new AtomicLong();
    private final ConcurrentHashMap<String, Long> heldByAddress = new ConcurrentHashMap<>();

    public BufferedBodies(long maxBytes, long budgetBytes, Handler next) {
        super(next);
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
        this.budgetBytes = budgetBytes;
        this.perAddressBytes = Math.min(budgetBytes, Math.max(4 * (maxBytes + 1L), budgetBytes / 4));
    }

    /** The budget for a heap: a quarter of it (as the sessions' budget), at least four of the largest bodies. */
    public static long budgetFor(long maxBytes, long heapBytes) {
        return Math.max(4 * (maxBytes + 1), heapBytes / 4);
    }

    /** Bytes of request bodies held now (gathered or being handled), for tests and metrics. */
    long heldBytes() {
        return held.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long declared = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (declared <= 0 && !chunked || declared > maxBytes) {
            return super.handle(request, response, callback); // nothing to wait for, or refused unread
        }
        new Gatherer(request, response, callback).run();
        return true;
    }

    /** Counts {@code bytes} more for {@code address}, or nothing and false when a bound would be passed. */
    private boolean charge(String address, long bytes) {
        if (held.addAndGet(bytes) > budgetBytes) {
            held.addAndGet(-bytes);
            return false;
        }
        boolean[] within = {true};
        heldByAddress.compute(address, (a, n) -> {
            long now = (n == null ? 0 : n) + bytes;
            if (now > perAddressBytes) {
                within[0] = false;
                return n;
            }
            return now;
        });
        if (!within[0]) {
            held.addAndGet(-bytes);
        }
        return within[0];
    }

    private void uncharge(String address, long bytes) {
        if (bytes > 0) {
            held.addAndGet(-bytes);
            heldByAddress.computeIfPresent(address, (a, n) -> n - bytes <= 0 ? null : n - bytes);
        }
    }

    /** Reads what is available, asks to be called again for the rest, and hands the whole body on. */
    private final class Gatherer implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final String address;
        /** null once handed on: the handler gets a copy, and this buffer (up to twice its size) goes */
        private ByteArrayOutputStream body;
        /** bytes charged against the bounds, released once */
        private long charged;
        private final AtomicBoolean released = new AtomicBoolean();
        private boolean first = true;

        Gatherer(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.address = Request.getRemoteAddr(request);
            long declared = request.getLength();
            this.body = new ByteArrayOutputStream((int) Math.min(declared > 0 ? declared : 8192, 64 * 1024));
        }

        @Override
        public void run() {
            try {
                gather();
            } catch (Throwable t) { // an OutOfMemoryError growing the buffer, a failing read: nothing stays charged
                release();
                callback.failed(t);
            }
        }

        private void gather() {
            boolean inHandle = first; // on the thread Jetty called handle on: go on here
            first = false;
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                Throwable failure = chunk.getFailure();
                if (failure != null) {
                    chunk.release();
                    release();
                    callback.failed(failure); // Jetty answers a failed read (a reset, an idle timeout: 4xx or a close)
                    return;
                }
                ByteBuffer b = chunk.getByteBuffer();
                int take = Math.min(b.remaining(), maxBytes + 1 - body.size());
                if (take > 0 && !charge(address, take)) {
                    chunk.release();
                    busy();
                    return;
                }
                if (take > 0) {
                    charged += take;
                    byte[] bytes = new byte[take];
                    b.get(bytes);
                    body.write(bytes, 0, take);
                }
                boolean last = chunk.isLast() || body.size() > maxBytes;
                chunk.release();
                if (last) {
                    if (inHandle) {
                        handOn();
                    } else {
                        executor().execute(this::handOn); // a demand callback: not where handlers may block
                    }
                    return;
                }
            }
        }

        private Executor executor() {
            return request.getComponents().getExecutor();
        }

        private void handOn() {
            Request buffered;
            try {
                buffered = new Buffered(request, body.toByteArray());
                body = null;
            } catch (Throwable t) {
                release();
                callback.failed(t);
                return;
            }
            Callback releasing = new Callback() {
                @Override
                public void succeeded() {
                    release();
                    callback.succeeded();
                }

                @Override
                public void failed(Throwable x) {
                    release();
                    callback.failed(x);
                }

                @Override
                public InvocationType getInvocationType() {
                    return callback.getInvocationType();
                }
            };
            try {
                if (!BufferedBodies.super.handle(buffered, response, releasing)) {
                    Response.writeError(buffered, response, releasing, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable t) {
                LOG.warn("{} {} failed", request.getMethod(), Request.getPathInContext(request), t);
                releasing.failed(t); // Jetty answers 500 unless the response is committed
            }
        }

        /** 503: a bound was reached; what this request held is released, the rest of its body left unread. */
        private void busy() {
            release();
            LOG.warn("request bodies held reach their bound: {} {} from {} answered 503", request.getMethod(),
                    Request.getPathInContext(request), address);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            SyncMlHandler.refuse(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "the server is reading many requests at once; try again in a few seconds");
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                uncharge(address, charged);
            }
        }
    }

    /** The request with its body already read: one chunk, then the end. */
    private static final class Buffered extends Request.Wrapper {
        private Content.Chunk rest;

        Buffered(Request request, byte[] body) {
            super(request);
            this.rest = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk c = rest;
            rest = Content.Chunk.next(c);
            return c;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public boolean consumeAvailable() {
            return true;
        }
    }
}
