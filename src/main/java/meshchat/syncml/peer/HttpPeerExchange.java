package meshchat.syncml.peer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

import meshchat.syncml.engine.PeerExchange;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.MalformedMessageException;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;

/**
 * The SyncML HTTP binding on the client side: encodes a message with our codec, POSTs it, checks
 * and decodes the reply. Counts what went over the wire both ways, HTTP heads included (request
 * line, header lines and body; status line, header lines and body), and the requests, as the
 * figures an operator on a radio link cares about. Bytes are counted for every request that got
 * a response, whatever its status; a connection that failed counts nothing. The count is the
 * HTTP/1.1 text as sent and received; not counted: TLS records (https), chunk framing of a chunked
 * reply (our server always sends Content-Length) and TCP/IP headers.
 */
public final class HttpPeerExchange implements PeerExchange {
    /** Largest reply accepted when none is given: the server's default request limit (2 MB). */
    public static final int DEFAULT_MAX_REPLY = 2_000_000;
    static final long REQUEST_TIMEOUT_SECONDS = 60;

    private final HttpClient http;
    private final Encoding encoding;
    private final int maxReplyBytes;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();

    public HttpPeerExchange(HttpClient http, Encoding encoding) {
        this(http, encoding, DEFAULT_MAX_REPLY);
    }

    public HttpPeerExchange(HttpClient http, Encoding encoding, int maxReplyBytes) {
        this.http = http;
        this.encoding = encoding;
        this.maxReplyBytes = maxReplyBytes;
    }

    @Override
    public SyncMessage send(SyncMessage message, String url) throws IOException {
        byte[] body = SyncMLCodec.encode(message, encoding);
        Request request;
        try {
            request = http.newRequest(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot post to " + url + ": " + e.getMessage(), e);
        }
        request.method(HttpMethod.POST)
                .timeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .body(new BytesRequestContent(encoding.contentType, body));
        ContentResponse response;
        try {
            response = new CompletableResponseListener(request, maxReplyBytes).send()
                    .get(REQUEST_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + url, e);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new IOException("no reply from " + url + " within " + REQUEST_TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (why.toLowerCase(Locale.ROOT).contains("capacity") && why.contains("exceeded")) {
                why = "the reply is larger than " + maxReplyBytes + " bytes";
            }
            throw new IOException("cannot post to " + url + ": " + why, cause);
        }
        requests.incrementAndGet();
        bytesSent.addAndGet(requestHead(request) + body.length);
        byte[] reply = response.getContent();
        bytesReceived.addAndGet(responseHead(response) + reply.length);
        if (response.getStatus() != 200) {
            throw new IOException(url + " answered HTTP " + response.getStatus() + ": " + preview(reply));
        }
        String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !mediaType(type).equals(encoding.contentType)) {
            throw new IOException(url + " answered HTTP 200 with content type " + type + " instead of "
                    + encoding.contentType + ": " + preview(reply));
        }
        try {
            return SyncMLCodec.decode(reply, encoding);
        } catch (MalformedMessageException e) {
            throw new IOException(url + " answered HTTP 200 with an unreadable " + encoding + " body of "
                    + reply.length + " bytes (" + e.getMessage() + "): " + preview(reply), e);
        }
    }

    @Override
    public int encodedSize(SyncMessage message) {
        return SyncMLCodec.encode(message, encoding).length;
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public int requests() {
        return requests.get();
    }

    public Encoding encoding() {
        return encoding;
    }

    /** "POST /sync?x HTTP/1.1\r\n", the header lines Jetty sent (it adds Host etc. to the request's fields) and "\r\n". */
    static long requestHead(Request request) {
        URI uri = request.getURI();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long n = ascii(request.getMethod()) + 1 + ascii(target) + 1 + ascii(request.getVersion().asString()) + 2;
        return n + fields(request.getHeaders()) + 2;
    }

    /** "HTTP/1.1 200 OK\r\n", the header lines and "\r\n". */
    static long responseHead(ContentResponse response) {
        String reason = response.getReason();
        long n = ascii(response.getVersion().asString()) + 1 + 3 + (reason == null ? 0 : 1 + ascii(reason)) + 2;
        return n + fields(response.getHeaders()) + 2;
    }

    private static long fields(HttpFields fields) {
        long n = 0;
        for (HttpField f : fields) {
            n += ascii(f.getName()) + 2 + ascii(f.getValue() == null ? "" : f.getValue()) + 2;
        }
        return n;
    }

    private static long ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The first bytes of a body for an error line: text when it is printable, hex otherwise. */
    static String preview(byte[] body) {
        if (body.length == 0) {
            return "(empty body)";
        }
        int n = Math.min(body.length, 80);
        boolean text = true;
        for (int i = 0; i < n; i++) {
            int b = body[i] & 0xff;
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b == 0x7f) {
                text = false;
                break;
            }
        }
        String more = body.length > n ? "..." : "";
        if (text) {
            return "\"" + new String(body, 0, n, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim() + more + "\"";
        }
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < Math.min(n, 32); i++) {
            hex.append(String.format("%02x", body[i] & 0xff));
        }
        return hex + (body.length > 32 ? "..." : "");
    }
}
