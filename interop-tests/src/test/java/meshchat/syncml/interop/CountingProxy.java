package meshchat.syncml.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte-counting TCP proxy on 127.0.0.1 for {@link SyncMlBenchmark}: it forwards every connection
 * to one port on 127.0.0.1 and counts what passes in each direction, HTTP heads and bodies apart.
 * It also frames the HTTP/1.1 stream (head up to the blank line, then Content-Length body bytes)
 * to count requests per method and responses that are not 200. The client is pointed at the
 * proxy's port; our server builds its RespURI from the request's Host header, so the later
 * messages of a session come back through the proxy too ({@link SyncMlBenchmark} checks this).
 */
final class CountingProxy implements AutoCloseable {

    /** One request and its reply: body sizes, and ms from the request's last byte to the reply's last byte. */
    record Exchange(long requestBody, double serverMillis, long replyBody) {
    }

    /** What passed since the previous {@link #take()}. */
    record Counts(long posts, long requests, long upHead, long upBody, long downHead, long downBody, long non200,
            long connections, List<Exchange> exchanges) {
        long up() {
            return upHead + upBody;
        }

        long down() {
            return downHead + downBody;
        }
    }

    private final ServerSocket listener;
    private final int target;
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong upHead = new AtomicLong();
    private final AtomicLong upBody = new AtomicLong();
    private final AtomicLong downHead = new AtomicLong();
    private final AtomicLong downBody = new AtomicLong();
    private final AtomicLong non200 = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final List<Socket> open = new ArrayList<>();
    private final List<Exchange> exchanges = new ArrayList<>();

    CountingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Returns the counts since the last call and starts again from zero. */
    synchronized Counts take() {
        synchronized (exchanges) {
            List<Exchange> list = List.copyOf(exchanges);
            exchanges.clear();
            return new Counts(posts.getAndSet(0), requests.getAndSet(0), upHead.getAndSet(0), upBody.getAndSet(0),
                    downHead.getAndSet(0), downBody.getAndSet(0), non200.getAndSet(0), connections.getAndSet(0), list);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (open) {
                    open.add(client);
                    open.add(server);
                }
                connections.incrementAndGet();
                long[] pending = new long[2]; // request body size, time of its last byte
                pump(client, server, new Framer(true, pending));
                pump(server, client, new Framer(false, pending));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, Framer framer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    framer.feed(buf, n); // count before forwarding: the counts are complete once the reply is read
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // one side closed: close the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Splits one direction of an HTTP/1.1 connection into heads and Content-Length bodies. */
    private final class Framer {
        private final boolean requestSide;
        private final long[] pending;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private long bodySize;
        private long bodyLeft;
        private boolean bodyToClose; // no Content-Length: the body runs to the end of the connection
        private int last4;

        Framer(boolean requestSide, long[] pending) {
            this.requestSide = requestSide;
            this.pending = pending;
        }

        /** A message (head and body) is complete: pair a request with its reply. */
        private void messageDone() {
            long now = System.nanoTime();
            synchronized (pending) {
                if (requestSide) {
                    pending[0] = bodySize;
                    pending[1] = now;
                } else if (pending[1] != 0) {
                    synchronized (exchanges) {
                        exchanges.add(new Exchange(pending[0], (now - pending[1]) / 1e6, bodySize));
                    }
                    pending[1] = 0;
                }
            }
        }

        void feed(byte[] buf, int len) {
            int i = 0;
            while (i < len) {
                if (bodyToClose || bodyLeft > 0) {
                    int take = bodyToClose ? len - i : (int) Math.min(bodyLeft, len - i);
                    (requestSide ? upBody : downBody).addAndGet(take);
                    bodyLeft -= bodyToClose ? 0 : take;
                    i += take;
                    if (!bodyToClose && bodyLeft == 0) {
                        messageDone();
                    }
                    continue;
                }
                byte b = buf[i++];
                head.write(b);
                (requestSide ? upHead : downHead).incrementAndGet();
                last4 = (last4 << 8) | (b & 0xff);
                if (last4 == 0x0d0a0d0a) { // CRLF CRLF ends the head
                    onHead(head.toString(StandardCharsets.ISO_8859_1));
                    head.reset();
                    last4 = 0;
                }
            }
        }

        private void onHead(String text) {
            String[] lines = text.split("\r\n");
            if (requestSide) {
                requests.incrementAndGet();
                if (lines[0].startsWith("POST ")) {
                    posts.incrementAndGet();
                }
            } else if (!lines[0].matches("HTTP/1\\.[01] 200.*")) {
                non200.incrementAndGet();
            }
            long length = -1;
            for (String line : lines) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.startsWith("content-length:")) {
                    length = Long.parseLong(l.substring(15).trim());
                }
            }
            bodySize = Math.max(length, 0);
            bodyLeft = bodySize;
            bodyToClose = length < 0 && !requestSide && !lines[0].matches("HTTP/1\\.[01] (1..|204|304).*");
            if (bodyLeft == 0 && !bodyToClose) {
                messageDone();
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (open) {
            open.forEach(CountingProxy::closeQuietly);
            open.clear();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
