package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP head of our replies (issue 10, bytes on a radio link): a SyncML reply carries only
 * status line, Content-Type, Content-Length and Date (a MUST of RFC 9110 6.6.1); no Server header.
 */
class ReplyHeadTest {
    private static final String MESSAGE = "<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD>"
            + "<VerProto>SyncML/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID>"
            + "<Target><LocURI>http://127.0.0.1/sync</LocURI></Target><Source><LocURI>dev-head</LocURI></Source>"
            + "</SyncHdr><SyncBody><Final/></SyncBody></SyncML>";

    @Test
    void syncMlReplyHeadIsTypeLengthAndDateOnly(@TempDir Path dir) throws Exception {
        try (SyncEndpoint endpoint = SyncEndpoint.start(dir)) {
            URI base = URI.create(endpoint.base);
            byte[] body = MESSAGE.getBytes(StandardCharsets.UTF_8);
            String sync = exchange(base, "POST /sync HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/vnd.syncml+xml\r\nContent-Length: " + body.length + "\r\n\r\n", body);
            String head = sync.substring(0, sync.indexOf("\r\n\r\n"));
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            // Connection: close only because this request asked for it
            assertEquals("date content-type content-length connection", names(head), head);
            assertTrue(sync.contains("<SyncML"), "a SyncML reply (a refusal: no credentials)");

            String status = exchange(base, "GET /status.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", new byte[0]);
            assertTrue(status.startsWith("HTTP/1.1 200 "), status);
            assertTrue(status.substring(0, status.indexOf("\r\n\r\n")).toLowerCase().contains("\r\ndate: "), status);
        }
    }

    private static String names(String head) {
        StringBuilder b = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (line.contains(":")) {
                b.append(b.length() == 0 ? "" : " ").append(line.substring(0, line.indexOf(':')).toLowerCase());
            }
        }
        return b.toString();
    }

    private static String exchange(URI base, String head, byte[] body) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
