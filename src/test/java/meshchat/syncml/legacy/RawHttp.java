package meshchat.syncml.legacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** A request as curl sends it, over a plain socket, so tests see the exact bytes of the answer. */
final class RawHttp {

    /** The answer: its head (status line and headers, CRLFs included) and body. */
    record Answer(String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private RawHttp() {
    }

    static Answer get(int port, String target) throws IOException {
        return send(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n", new byte[0]);
    }

    static Answer get(int port, String target, String extraHeader) throws IOException {
        return send(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n" + extraHeader + "\r\n\r\n", new byte[0]);
    }

    static Answer post(int port, String target, String contentType, byte[] body) throws IOException {
        return send(port, "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n", body);
    }

    private static Answer send(int port, String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            while (!endsWith(h.toByteArray(), "\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the head: " + h);
                }
                h.write(b);
            }
            String answerHead = h.toString(StandardCharsets.ISO_8859_1);
            int length = contentLength(answerHead);
            return new Answer(answerHead, length < 0 ? in.readAllBytes() : in.readNBytes(length));
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return -1;
    }

    private static boolean endsWith(byte[] b, String suffix) {
        byte[] s = suffix.getBytes(StandardCharsets.ISO_8859_1);
        return b.length >= s.length && Arrays.equals(b, b.length - s.length, b.length, s, 0, s.length);
    }
}
