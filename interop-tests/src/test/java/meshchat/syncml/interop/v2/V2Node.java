package meshchat.syncml.interop.v2;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A small MeshChat v2.12.1 node, written from meshchat-v2.md: its message file
 * ({@link V2NodeDb}), its CGI on 127.0.0.1 ({@link V2NodeServer}) and its sync daemon
 * ({@link V2SyncDaemon}). Platform "node", as on an AREDN router.
 */
final class V2Node implements AutoCloseable {

    private final String name;
    private final V2NodeDb db = new V2NodeDb();
    private final Map<String, String> usersLocal = new LinkedHashMap<>();
    private final Random random = new Random();
    private final V2NodeServer server;

    private V2Node(String name) throws IOException {
        this.name = name;
        this.server = new V2NodeServer(this);
    }

    static V2Node start(String name) throws IOException {
        return new V2Node(name);
    }

    String name() {
        return name;
    }

    V2NodeDb db() {
        return db;
    }

    V2NodeServer server() {
        return server;
    }

    String hostPort() {
        return "127.0.0.1:" + server.port();
    }

    URI uri() {
        return URI.create("http://" + hostPort());
    }

    static long now() {
        return System.currentTimeMillis() / 1000; // os.time()
    }

    /**
     * send_message as v2.12.1 runs it: the script dies (empty body) without message, call_sign,
     * channel or a numeric epoch; the client's id is taken as is (v2.11+); the epoch is the
     * node's unless the client's is later.
     */
    String sendMessage(Map<String, String> q) {
        String message = q.get("message");
        Double clientEpoch = q.get("epoch") == null ? null : V2NodeDb.luaToNumber(q.get("epoch"));
        if (message == null || clientEpoch == null || q.get("call_sign") == null || q.get("channel") == null) {
            return "";
        }
        long now = now();
        long epoch = clientEpoch > now ? clientEpoch.longValue() : now;
        String id = q.get("id") != null ? q.get("id") : hash();
        db.append(id, epoch, message, q.get("call_sign"), name, "node", q.get("channel"), now);
        return "{\"status\":200, \"response\":\"OK\"}\n";
    }

    /** The server's fallback id: 8 hex digits of an MD5 (seeded here, unlike Lua 5.1's). */
    private String hash() {
        return V2NodeServer.md5(now() + "" + random.nextInt(99999) + "\n").substring(0, 8);
    }

    /** Posts through the node's own API, as its web page does (POST form, v2.11+ client id). */
    String post(String text, String callSign, String channel) throws IOException {
        String id = V2NodeServer.md5(now() + "" + random.nextInt(99999)).substring(0, 8);
        String form = "action=send_message&id=" + id + "&epoch=" + now() + "&call_sign=" + enc(callSign) + "&channel="
                + enc(channel) + "&message=" + enc(text);
        Curl.Exchange x = Curl.post(hostPort(), "/cgi-bin/meshchat", form);
        if (!x.text().equals("{\"status\":200, \"response\":\"OK\"}\n")) {
            throw new IOException("send_message failed: " + x.head() + x.text());
        }
        return id;
    }

    synchronized void touch(String callSign, String meshchatId) {
        usersLocal.put(callSign, callSign + "\t" + meshchatId + "\t" + name + "\t" + now() + "\tnode");
    }

    synchronized String usersLocal() {
        StringBuilder b = new StringBuilder();
        usersLocal.values().forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
