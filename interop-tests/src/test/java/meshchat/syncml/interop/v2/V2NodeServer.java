package meshchat.syncml.interop.v2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A v2 node's CGI behind lighttpd, on 127.0.0.1: {@code /cgi-bin/meshchat?action=} for the
 * actions the sync daemon and the bridge use, with the headers v2.12.1 prints and the ones
 * lighttpd adds (as in the wire capture). Keeps connections alive; counts every byte.
 */
final class V2NodeServer implements AutoCloseable {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);

    private final V2Node node;
    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    final Map<String, AtomicLong> actions = new ConcurrentHashMap<>();

    V2NodeServer(V2Node node) throws IOException {
        this.node = node;
        this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread accept = new Thread(this::accept, "v2-node-" + node.name());
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    void resetCounters() {
        requests.set(0);
        bytesIn.set(0);
        bytesOut.set(0);
        actions.clear();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "v2-node-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                byte[] body = in.readNBytes(length);
                bytesIn.addAndGet(head.length() + body.length);
                requests.incrementAndGet();
                byte[] answer = answer(head.substring(0, head.indexOf("\r\n")), body);
                bytesOut.addAndGet(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    private byte[] answer(String requestLine, byte[] body) {
        String target = requestLine.split(" ")[1];
        Map<String, String> q = new HashMap<>();
        int mark = target.indexOf('?');
        form(mark < 0 ? "" : target.substring(mark + 1), q);
        form(new String(body, StandardCharsets.UTF_8), q);
        String action = target.startsWith("/cgi-bin/meshchat") ? q.getOrDefault("action", "") : null;
        if (action == null) {
            return response("404 Not Found", "", "Content-Type: text/html\r\n", "<h1>404 Not Found</h1>");
        }
        actions.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
        return switch (action) {
            case "messages_version" -> cgi("Content-type: text/plain\r\n", node.db().versionFile());
            case "messages_raw" -> raw(node.db().file());
            case "users_raw" -> raw(node.usersLocal());
            case "local_files_raw" -> raw("");
            case "send_message" -> {
                String reply = node.sendMessage(q);
                yield cgi("Content-type: application/json\r\n", reply);
            }
            case "config" -> cgi("Content-type: application/json\r\n", "{\"version\":\"2.12.1\",\"zone\":\"MeshChat\","
                    + "\"debug\":0,\"default_channel\":\"\",\"node\":\"" + node.name() + "\",\"protocol_verison\":\"1.02\"}\n");
            default -> cgi("Content-type: text/plain\r\n", "error no action\n");
        };
    }

    /** Content-MD5, then Content-type, as messages_raw and users_raw print them. */
    private byte[] raw(String body) {
        return response("200 OK", "Content-MD5: " + md5(body) + "\r\nContent-type: text/plain\r\nAccept-Ranges: bytes\r\n",
                "", body);
    }

    private byte[] cgi(String cgiHeaders, String body) {
        return response("200 OK", cgiHeaders, "", body);
    }

    /** lighttpd's framing, as in the capture: CGI headers, Content-Length, Date, Server. */
    private static byte[] response(String status, String cgiHeaders, String more, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\n" + cgiHeaders + more + "Content-Length: " + b.length + "\r\nDate: "
                + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\nServer: lighttpd/1.4.69\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(b);
        return out.toByteArray();
    }

    static String md5(String body) {
        return md5(body.getBytes(StandardCharsets.UTF_8));
    }

    static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** luci.http's form decoding: + is a space, %XX a byte; the first value of a name wins. */
    private static void form(String encoded, Map<String, String> into) {
        for (String pair : encoded.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                into.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            h.write(b);
            byte[] a = h.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return h.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
