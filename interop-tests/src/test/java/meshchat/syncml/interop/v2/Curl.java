package meshchat.syncml.interop.v2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One request as v2's sync daemon makes it with {@code curl} 7.88.1: a new connection, curl's
 * request head, no Accept-Encoding. Counts every byte on the wire both ways, heads and bodies.
 */
final class Curl {

    /** A finished exchange. {@code sent}: request bytes; {@code headBytes}/{@code body}: what came back. */
    record Exchange(String path, long sent, String head, byte[] body) {
        long received() {
            return head.length() + body.length; // the head is ISO-8859-1: one char per byte
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Curl() {
    }

    static Exchange get(String hostPort, String path) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
        return send(hostPort, path, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Exchange post(String hostPort, String path, String form) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n"
                + "Content-Length: " + body.length + "\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return send(hostPort, path, all);
    }

    private static Exchange send(String hostPort, String path, byte[] request) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))) {
            s.setSoTimeout(10_000); // curl --speed-time 10
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            long length = -1;
            boolean chunked = false;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = chunked ? readChunked(in) : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            return new Exchange(path, request.length, head, body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + h);
            }
            h.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        return h.toString(StandardCharsets.ISO_8859_1);
    }

    /** Chunked bodies: only the payload is returned; the chunk framing is not counted. */
    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed inside a chunk size");
                }
                size.append((char) b);
            }
            int n = Integer.parseInt(size.toString().strip().split(";")[0], 16);
            if (n == 0) {
                in.readNBytes(2);
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }
}
