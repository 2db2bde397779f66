package meshchat.syncml.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;

class HttpPeerExchangeTest {
    @TempDir
    Path dir;
    PeerNode node;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        node = new PeerNode(dir.resolve("node"), "node-b");
        http = new HttpClient();
        http.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.stop();
        node.close();
    }

    /** Message 1 of a session without credentials: the server answers with a challenge, a real reply. */
    static SyncMessage alert(int session, String url) {
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, Integer.toString(session), "1", Location.of(url),
                new Location("node-a", "peer"), null, false, null, MetInf.EMPTY.withMaxMsgSize(100_000L));
        Alert alert = new Alert("1", false, null, "200",
                List.of(new Item(Location.of("meshchat"), Location.of("meshchat"), null, null, null, null, false)));
        return new SyncMessage(h, List.of(alert), true);
    }

    @Test
    void countsEveryByteOnTheWireBothWaysHeadsIncluded() throws Exception {
        for (Encoding encoding : Encoding.values()) {
            HttpPeerExchange exchange = new HttpPeerExchange(http, encoding);
            long bodiesOut = 0;
            long bodiesIn = 0;
            for (int i = 1; i <= 3; i++) {
                SyncMessage request = alert(i, node.url);
                SyncMessage reply = exchange.send(request, node.url);
                Status hdr = (Status) reply.commands().get(0);
                assertTrue(hdr.data().equals("401") || hdr.data().equals("407"), "a challenge, got " + hdr.data());
                bodiesOut += exchange.encodedSize(request);
                bodiesIn += SyncMLCodec.encode(reply, encoding).length;
            }
            assertEquals(3, exchange.requests());
            assertTrue(exchange.bytesSent() > bodiesOut + 3 * 40, "heads counted: " + exchange.bytesSent() + " vs bodies " + bodiesOut);
            assertTrue(exchange.bytesReceived() > bodiesIn + 3 * 40, "heads counted: " + exchange.bytesReceived() + " vs bodies " + bodiesIn);
        }
    }

    @Test
    void countedBytesEqualWhatTheServersSocketSaw() throws Exception {
        HttpPeerExchange exchange = new HttpPeerExchange(http, Encoding.WBXML);
        for (int i = 1; i <= 4; i++) {
            exchange.send(alert(i, node.url + "?sessionid=x" + i), node.url + "?sessionid=x" + i);
        }
        http.stop(); // closes the connection: the server's statistics count a connection when it closes
        long deadline = System.nanoTime() + 30_000_000_000L;
        // Jetty lowers the connection count before it adds the closed connection's bytes
        while ((node.wire.getConnections() > 0 || node.wire.getReceivedBytes() != exchange.bytesSent()
                || node.wire.getSentBytes() != exchange.bytesReceived()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, node.wire.getConnections(), "the connection closed");
        assertEquals(4, exchange.requests());
        assertEquals(node.wire.getReceivedBytes(), exchange.bytesSent(), "request bytes");
        assertEquals(node.wire.getSentBytes(), exchange.bytesReceived(), "response bytes");
    }

    @Test
    void thePeerLinksClientSendsALeanHead() throws Exception {
        HttpClient lean = PeerLinks.httpClient();
        try {
            HttpPeerExchange plain = new HttpPeerExchange(http, Encoding.WBXML);
            HttpPeerExchange small = new HttpPeerExchange(lean, Encoding.WBXML);
            SyncMessage m = alert(1, node.url);
            plain.send(m, node.url);
            small.send(m, node.url);
            long body = small.encodedSize(m);
            long plainHead = plain.bytesSent() - body;
            long smallHead = small.bytesSent() - body;
            System.out.printf("request head: %d bytes (Jetty defaults %d), body %d bytes; reply %d bytes in all%n",
                    smallHead, plainHead, body, small.bytesReceived());
            // "User-Agent: Jetty/12...\r\n" is gone; left: request line, Host, Content-Type, Content-Length
            String userAgent = "User-Agent: " + http.getUserAgentField().getValue() + "\r\n";
            assertEquals(plainHead - userAgent.length(), smallHead, plainHead + " -> " + smallHead);
            assertTrue(smallHead < 140, "request head " + smallHead);
        } finally {
            lean.stop();
        }
    }

    @Test
    void connectionRefusedIsAnIOExceptionNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/sync";
        HttpPeerExchange exchange = new HttpPeerExchange(http, Encoding.WBXML);
        IOException e = assertThrows(IOException.class, () -> exchange.send(alert(1, url), url));
        assertTrue(e.getMessage().contains(url), e.getMessage());
        assertEquals(0, exchange.requests());
        assertEquals(0, exchange.bytesSent());
    }

    @Test
    void nonSyncMlAnswersAreIOExceptionsWithStatusAndFirstBytes() throws Exception {
        HttpPeerExchange exchange = new HttpPeerExchange(http, Encoding.XML);
        String status = node.url.replace("/sync", "/nowhere");
        IOException e = assertThrows(IOException.class, () -> exchange.send(alert(1, status), status));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("no such resource"), e.getMessage());
        String page = node.url.replace("/sync", "/");
        // GET-only page answers 405 to a POST: still a status in the message
        IOException e2 = assertThrows(IOException.class, () -> exchange.send(alert(1, page), page));
        assertTrue(e2.getMessage().contains("HTTP 405"), e2.getMessage());
        assertEquals(2, exchange.requests(), "both got an answer");
    }

    @Test
    void aReplyLargerThanTheLimitIsRefused() {
        HttpPeerExchange exchange = new HttpPeerExchange(http, Encoding.XML, 64);
        IOException e = assertThrows(IOException.class, () -> exchange.send(alert(1, node.url), node.url));
        assertTrue(e.getMessage().contains("larger than 64 bytes"), e.getMessage());
    }
}
