package meshchat.syncml.engine;

import java.io.IOException;
import java.net.URI;
import java.util.function.IntPredicate;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.MalformedMessageException;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;

/**
 * A transport without HTTP for engine tests: each request is encoded with the real codec,
 * decoded again and handed to a real {@link SyncServer} (of another store), and its reply goes
 * the same way back, so the client and server roles are driven against each other message by
 * message. It can lose a reply after the server has processed the request, as a radio link does.
 */
final class InMemoryExchange implements PeerExchange {
    static final String ENDPOINT = "http://127.0.0.1:8080/sync";

    private final SyncServer server;
    private final String endpoint;
    final Encoding encoding;
    private final String address;
    /** Which requests (counted from 1 over this exchange's life) lose their reply after the server processed them. */
    private IntPredicate loseReply = n -> false;
    /** Rewrites each reply on its way back, to play a peer that misbehaves. */
    private java.util.function.UnaryOperator<SyncMessage> tamper = m -> m;
    /** Called with each message the server measures for the client's MaxMsgSize. */
    private java.util.function.Consumer<SyncMessage> onMeasure = m -> { };
    /** Every request as the server decoded it. */
    final java.util.List<SyncMessage> sent = new java.util.ArrayList<>();
    int requests;
    int repliesLost;
    long bytesUp;
    long bytesDown;

    InMemoryExchange(SyncServer server, Encoding encoding, String address) {
        this(server, ENDPOINT, encoding, address);
    }

    InMemoryExchange(SyncServer server, String endpoint, Encoding encoding, String address) {
        this.server = server;
        this.endpoint = endpoint;
        this.encoding = encoding;
        this.address = address;
    }

    InMemoryExchange tampering(java.util.function.UnaryOperator<SyncMessage> rewrite) {
        this.tamper = rewrite;
        return this;
    }

    InMemoryExchange measuring(java.util.function.Consumer<SyncMessage> probe) {
        this.onMeasure = probe;
        return this;
    }

    InMemoryExchange losingRepliesTo(IntPredicate requestNumbers) {
        this.loseReply = requestNumbers;
        return this;
    }

    @Override
    public SyncMessage send(SyncMessage request, String url) throws IOException {
        requests++;
        byte[] body = SyncMLCodec.encode(request, encoding);
        bytesUp += body.length;
        if (System.getProperty("dump.exchange") != null) {
            System.out.println(">>> " + body.length + "\n" + new String(SyncMLCodec.encode(request, Encoding.XML), java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            SyncMessage in = SyncMLCodec.decode(body, encoding);
            sent.add(in);
            SyncMessage reply = server.handle(in, token(url), endpoint, encoding,
                    m -> {
                        onMeasure.accept(m);
                        return SyncMLCodec.encode(m, encoding).length;
                    }, address);
            byte[] out = SyncMLCodec.encode(reply, encoding);
            if (loseReply.test(requests)) {
                repliesLost++;
                throw new IOException("reply to request " + requests + " lost on the way back");
            }
            bytesDown += out.length;
            if (System.getProperty("dump.exchange") != null) {
                System.out.println("<<< " + out.length + "\n" + new String(SyncMLCodec.encode(reply, Encoding.XML), java.nio.charset.StandardCharsets.UTF_8));
            }
            return tamper.apply(SyncMLCodec.decode(out, encoding));
        } catch (MalformedMessageException e) {
            throw new IllegalStateException("our own codec could not read a message it wrote", e);
        }
    }

    @Override
    public int encodedSize(SyncMessage message) {
        return SyncMLCodec.encode(message, encoding).length;
    }

    private static String token(String url) {
        String q = URI.create(url).getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            if (part.startsWith("sessionid=")) {
                return part.substring("sessionid=".length());
            }
        }
        return null;
    }
}
