package meshchat.syncml.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;

/**
 * A minimal scripted SyncML client for in-process tests: real HTTP, our codec, MD5 auth like
 * SyncEvolution (Cred in message 1 built on the last NextNonce, empty at first; on a 401/407
 * challenge to message 1 it restarts once with a new SessionID and the nonce it was given).
 * {@link #from(String)} posts from another loopback address, as a host elsewhere on the mesh.
 */
final class TestSyncClient implements AutoCloseable {
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
    /** Post every message to {@link #url}, as older clients that ignore RespURI do. */
    boolean ignoreRespUri;
    /** Retry message 1 once after a challenge, as SyncEvolution does. */
    boolean retryOnChallenge = true;
    /** Messages answered with a challenge that this client then retried. */
    int challengesRetried;
    private final HttpClient http = HttpClient.newHttpClient();
    private org.eclipse.jetty.client.HttpClient bound;

    TestSyncClient(String url, String device, String user, String password) {
        this.url = url;
        this.device = device;
        this.user = user;
        this.password = password;
    }

    /** Posts from this local loopback address (e.g. "127.0.0.2") from now on. */
    TestSyncClient from(String localAddress) throws Exception {
        bound = new org.eclipse.jetty.client.HttpClient();
        bound.setBindAddress(new InetSocketAddress(localAddress, 0));
        bound.start();
        return this;
    }

    void newSession() {
        sessionId++;
        msgId = 0;
        respUri = null;
    }

    SyncMessage send(List<Command> commands, boolean fin) throws Exception {
        msgId++;
        Cred cred = msgId == 1 && password != null ? new Cred(MetInf.EMPTY.withFormat("b64").withType("syncml:auth-md5"), md5Cred()) : null;
        SyncHdr h = new SyncHdr(version, Integer.toString(sessionId), Integer.toString(msgId),
                Location.of(target()), new Location(device, user), null, false, cred,
                MetInf.EMPTY.withMaxMsgSize(maxMsgSize).withMaxObjSize(4_000_000L));
        SyncMessage reply = post(SyncMLCodec.encode(new SyncMessage(h, commands, fin), encoding));
        Status hdr = (Status) reply.commands().get(0);
        if (retryOnChallenge && cred != null
                && (hdr.is(StatusCode.INVALID_CREDENTIALS) || hdr.is(StatusCode.MISSING_CREDENTIALS))) {
            challengesRetried++;
            newSession();
            retryOnChallenge = false;
            try {
                return send(commands, fin);
            } finally {
                retryOnChallenge = true;
            }
        }
        return reply;
    }

    SyncMessage post(byte[] body) throws Exception {
        String target = target();
        byte[] replyBody;
        if (bound != null) {
            ContentResponse r = bound.POST(target).body(new BytesRequestContent(encoding.contentType, body)).send();
            lastHttpStatus = r.getStatus();
            replyBody = r.getContent();
        } else {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(target))
                    .header("Content-Type", encoding.contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            lastHttpStatus = r.statusCode();
            replyBody = r.body();
        }
        lastReplyBytes = replyBody.length;
        if (lastHttpStatus != 200) {
            throw new IllegalStateException("HTTP " + lastHttpStatus + ": " + new String(replyBody, StandardCharsets.UTF_8));
        }
        SyncMessage reply = SyncMLCodec.decode(replyBody, Encoding.sniff(replyBody, null));
        if (reply.header().respUri() != null) {
            respUri = reply.header().respUri();
        }
        Status hdr = (Status) reply.commands().get(0);
        if (hdr.chal() != null && hdr.chal().nextNonce() != null) {
            nonce = hdr.chal().nextNonce();
        }
        return reply;
    }

    private String target() {
        return respUri != null && !ignoreRespUri ? respUri : url;
    }

    /** Size in bytes of the last reply body. */
    int lastReplyBytes;

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

    @Override
    public void close() throws Exception {
        if (bound != null) {
            bound.stop();
        }
    }
}
