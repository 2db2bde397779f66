package meshchat.syncml.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import meshchat.syncml.engine.SessionLog;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.MalformedMessageException;
import meshchat.syncml.protocol.MeasuringEncoder;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /sync: the SyncML endpoint (SyncML HTTP binding). Bytes in, codec, engine, codec, bytes
 * out, in the request's encoding. Unreadable bodies are transport errors (HTTP 4xx with a
 * one-line reason); protocol errors travel as SyncML statuses inside a 200 reply.
 */
public final class SyncMlHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(SyncMlHandler.class);

    private final SyncServer engine;
    private final long maxBodyBytes;

    public SyncMlHandler(SyncServer engine, long maxBodyBytes) {
        this.engine = engine;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return refuse(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "SyncML messages are POSTed to this URL");
        }
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            return refuse(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                    "SyncML message too large: " + declared + ">" + maxBodyBytes + " bytes");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException e) {
            return text(response, callback, HttpStatus.BAD_REQUEST_400, "could not read the request body: " + e.getMessage());
        }
        if (body.length > maxBodyBytes) {
            return refuse(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                    "SyncML message too large: more than " + maxBodyBytes + " bytes");
        }
        if (body.length == 0) {
            return text(response, callback, HttpStatus.BAD_REQUEST_400, "empty request body: expected a SyncML message");
        }
        Encoding encoding = Encoding.sniff(body, request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        HttpURI uri = request.getHttpURI();
        String endpoint = HttpURI.build(uri).query(null).asString();
        SyncMessage in;
        try {
            in = SyncMLCodec.decode(body, encoding, engine.maxCommandsPerMessage());
        } catch (MalformedMessageException e) {
            LOG.info("refused a {} body of {} bytes from {}: {}", encoding, body.length,
                    Request.getRemoteAddr(request), e.getMessage());
            if (e.tooLarge() && e.headerOnly() != null) {
                // decoding stopped past the command gate: the gate's own refusal, one SyncHdr status 413
                SyncMessage refusal = engine.refuseTooLarge(e.headerOnly(), endpoint, Request.getRemoteAddr(request));
                return reply(response, callback, encoding, new MeasuringEncoder(encoding).encode(refusal));
            }
            return text(response, callback, e.tooLarge() ? HttpStatus.PAYLOAD_TOO_LARGE_413 : HttpStatus.BAD_REQUEST_400,
                    e.getMessage());
        }
        Fields query = Request.extractQueryParameters(request);
        String token = query.getValue("sessionid");
        SessionLog.Exchange exchange = in.header().source() == null || in.header().sessionId() == null ? null
                : engine.sessionLog().exchange(in.header().source().uri(), in.header().sessionId());
        MeasuringEncoder encoder = new MeasuringEncoder(encoding);
        SyncMessage out = engine.handle(in, token, endpoint, encoding, encoder::size, Request.getRemoteAddr(request));
        byte[] bytes = encoder.encode(out); // usually the last message measured: not encoded again
        if (exchange != null) {
            exchange.done(body.length, bytes.length); // the session's summary carries its bytes on the wire
        }
        return reply(response, callback, encoding, bytes);
    }

    private static boolean reply(Response response, Callback callback, Encoding encoding, byte[] bytes) {
        response.setStatus(HttpStatus.OK_200);
        // no Date: see Routes (37 bytes per message on a radio link)
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, encoding.contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /**
     * A refusal sent without reading the request's content (a wrong method, a body too large). When
     * the request has content, the reply says Connection: close: Jetty closes a connection whose
     * content was left unread once the reply is out, and a client that reused it for its next request
     * would find it closed with nothing read (seen as "header parser received no bytes").
     */
    static boolean refuse(Request request, Response response, Callback callback, int status, String message) {
        closeIfContentUnread(request, response);
        return text(response, callback, status, message);
    }

    /** Connection: close on a reply to a request that has content we may leave unread (see {@link #refuse}). */
    static void closeIfContentUnread(Request request, Response response) {
        if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    static boolean text(Response response, Callback callback, int status, String message) {
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback);
        return true;
    }
}
