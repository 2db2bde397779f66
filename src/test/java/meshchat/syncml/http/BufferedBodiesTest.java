package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies are gathered without holding a request thread (BufferedBodies): slow senders on
 * the SyncML endpoint no longer stop every other answer, and what bodies hold is bounded, per host too.
 */
class BufferedBodiesTest {
    @TempDir
    Path dir;

    /** Headers and the first byte of a body of {@code length}, from {@code from}; the rest never comes. */
    private static Socket slowPost(int port, String from, String path, int length, int sent) throws IOException {
        return slowPost(port, from, path, "application/vnd.syncml+xml", length, sent);
    }

    private static Socket slowPost(int port, String from, String path, String type, int length, int sent) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\n"
                + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[sent]);
        out.flush();
        return s;
    }

    /** The status line of the answer to a whole request on a fresh connection from {@code from}. */
    private static String request(int port, String from, String head, byte[] body) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
            s.setSoTimeout(30_000); // a server with every thread held answered nothing at all
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    void slowSyncMlBodiesHoldNoRequestThread() throws Exception {
        try (SyncEndpoint e = SyncEndpoint.start(dir)) {
            int port = java.net.URI.create(e.base).getPort();
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 48; i++) { // more than the 32 request threads
                    slow.add(slowPost(port, "127.0.0." + (2 + i % 8), "/sync", 1_000, 1));
                }
                drip(slow);
                Thread.sleep(500); // let Jetty take them all up
                assertEquals("HTTP/1.1 200 OK", request(port, "127.0.0.1",
                        "GET /status.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]));
                byte[] junk = "not SyncML".getBytes(StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 400 Bad Request", request(port, "127.0.0.1", "POST /sync HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/vnd.syncml+xml\r\nContent-Length: " + junk.length + "\r\nConnection: close\r\n\r\n", junk),
                        "a whole SyncML body is still read and answered");
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void slowFormsOnTheV2PortHoldNoThreadEither() throws Exception {
        // serve's v2 front: the v2 API needs no login and has 8 threads
        try (meshchat.syncml.store.Store store = meshchat.syncml.store.Store.open(dir.resolve("v2"));
                meshchat.syncml.legacy.LegacyBridge bridge = meshchat.syncml.legacy.LegacyBridge.start(store,
                        new meshchat.syncml.legacy.LegacyConfig("127.0.0.1", 0, List.of(), java.time.Duration.ofHours(1), null, "node-t"),
                        java.time.Clock.systemUTC(), h -> new BufferedBodies(meshchat.syncml.legacy.LegacyBridge.MAX_FORM_BYTES,
                                1_000_000, h))) {
            int port = bridge.port();
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    slow.add(slowPost(port, "127.0.0." + (2 + i % 8), "/cgi-bin/meshchat?action=send_message",
                            "application/x-www-form-urlencoded", 1_000, 1));
                }
                drip(slow);
                Thread.sleep(500);
                assertEquals("HTTP/1.1 200 OK", request(port, "127.0.0.1",
                        "GET /cgi-bin/meshchat?action=messages_version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                        new byte[0]));
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /** A byte every 2 s on each: under the idle timeout, so only gathering without a thread frees the threads. */
    private static void drip(List<Socket> slow) {
        Thread drip = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(2_000);
                    for (Socket s : slow) {
                        s.getOutputStream().write(0);
                    }
                }
            } catch (IOException | InterruptedException stopped) {
                // the test closed them
            }
        }, "drip");
        drip.setDaemon(true);
        drip.start();
    }

    @Test
    void bodiesHeldAreBoundedPerHostAndReleased() throws Exception {
        // max 1,000 bytes a body, 20,000 in all: one host may hold max(4 × 1,001, 20,000 / 4) = 5,000
        BufferedBodies bodies = new BufferedBodies(1_000, 20_000, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = Content.Source.asByteBuffer(request).array();
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(("got " + body.length).getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        Server server = serve(bodies);
        List<Socket> held = new ArrayList<>();
        try {
            int port = port(server);
            for (int i = 0; i < 5; i++) {
                held.add(slowPost(port, "127.0.0.1", "/x", 1_000, 900)); // 4,500 held
            }
            await(() -> bodies.heldBytes() == 4_500, "five bodies of 900 bytes held: " + bodies.heldBytes());
            Socket sixth = slowPost(port, "127.0.0.1", "/x", 1_000, 900); // would be 5,400 for one host
            held.add(sixth);
            String refused = new String(sixth.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 503", refused, "over the host's share");
            assertEquals(4_500, bodies.heldBytes(), "the refused body released what it held");

            byte[] whole = new byte[900];
            String head = "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 900\r\nConnection: close\r\n\r\n";
            assertEquals("HTTP/1.1 200 OK", request(port, "127.0.0.3", head, whole), "another host still has room");

            for (Socket s : held) {
                s.close();
            }
            await(() -> bodies.heldBytes() == 0, "closed connections release their bodies: " + bodies.heldBytes());
            assertEquals("HTTP/1.1 200 OK", request(port, "127.0.0.1", head, whole), "and the host has room again");
        } finally {
            for (Socket s : held) {
                s.close();
            }
            server.stop();
        }
    }

    @Test
    void aHandlerThatThrowsIsA500AndReleasesItsBody() throws Exception {
        BufferedBodies bodies = new BufferedBodies(1_000, 20_000, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                throw new IllegalStateException("the handler failed");
            }
        });
        Server server = serve(bodies);
        try {
            int port = port(server);
            String head = "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 900\r\nConnection: close\r\n\r\n";
            for (int i = 0; i < 8; i++) { // more than the host's share of 5,000 bytes, were any kept
                assertEquals("HTTP/1.1 500 Server Error", request(port, "127.0.0.1", head, new byte[900]));
            }
            await(() -> bodies.heldBytes() == 0, "nothing held after the failures: " + bodies.heldBytes());
        } finally {
            server.stop();
        }
    }

    /** A started Jetty on a loopback port with {@code bodies} as its handler. */
    private static Server serve(BufferedBodies bodies) throws Exception {
        Server server = HttpServer.server("127.0.0.1", 0);
        server.setHandler(bodies);
        server.start();
        return server;
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, what);
            Thread.sleep(20);
        }
    }
}
