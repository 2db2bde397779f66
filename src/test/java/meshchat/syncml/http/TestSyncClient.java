package meshchat.syncml.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;

/** A minimal scripted SyncML client for in-process tests: real HTTP, our codec, MD5 auth like SyncEvolution. */
final class TestSyncClient {
    final String url;
    final String device;
    final String user;
    String password;
    SyncMLVersion version = SyncMLVersion.V1_2;
    Encoding encoding = Encoding.XML;
    long maxMsgSize = 150_000;
    String nonce = "";
    int sessionId = 100;
    int msgId;
    String respUri;
    int lastHttpStatus;
    private final HttpClient http = HttpClient.newHttpClient();

    TestSyncClient(String url, String device, String user, String password) {
        this.url = url;
        this.device = device;
        this.user = user;
        this.password = password;
    }

    void newSession() {
        sessionId++;
        msgId = 0;
        respUri = null;
    }

    SyncMessage send(List<Command> commands, boolean fin) throws Exception {
        msgId++;
        Cred cred = msgId == 1 ? new Cred(MetInf.EMPTY.withFormat("b64").withType("syncml:auth-md5"), md5Cred()) : null;
        SyncHdr h = new SyncHdr(version, Integer.toString(sessionId), Integer.toString(msgId),
                Location.of(respUri != null ? respUri : url), new Location(device, user), null, false, cred,
                MetInf.EMPTY.withMaxMsgSize(maxMsgSize).withMaxObjSize(4_000_000L));
        SyncMessage out = new SyncMessage(h, commands, fin);
        return post(SyncMLCodec.encode(out, encoding));
    }

    SyncMessage post(byte[] body) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(respUri != null ? respUri : url))
                .header("Content-Type", encoding.contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        lastHttpStatus = r.statusCode();
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        SyncMessage reply = SyncMLCodec.decode(r.body(), Encoding.sniff(r.body(), null));
        if (reply.header().respUri() != null) {
            respUri = reply.header().respUri();
        }
        Status hdr = (Status) reply.commands().get(0);
        if (hdr.chal() != null && hdr.chal().nextNonce() != null) {
            nonce = hdr.chal().nextNonce();
        }
        return reply;
    }

    String md5Cred() throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        String userPass = Base64.getEncoder().encodeToString(md5.digest((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        byte[] n = Base64.getDecoder().decode(nonce);
        md5.reset();
        md5.update((userPass + ":").getBytes(StandardCharsets.US_ASCII));
        md5.update(n);
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    static List<Status> statuses(SyncMessage m) {
        List<Status> out = new ArrayList<>();
        for (Command c : m.commands()) {
            if (c instanceof Status s) {
                out.add(s);
            }
        }
        return out;
    }
}
