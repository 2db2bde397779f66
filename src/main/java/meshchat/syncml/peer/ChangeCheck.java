package meshchat.syncml.peer;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The cheap change check before a periodic session: {@code GET <sync URL>/changes} with
 * If-None-Match = the ETag last remembered for the peer. Bytes are counted as
 * {@link HttpPeerExchange} counts them (heads included).
 */
final class ChangeCheck {
    static final long TIMEOUT_SECONDS = 20;
    /** A check's body is a number; room for an older node's error page (404), no more. */
    static final int MAX_BODY = 16_384;
    /** An ETag longer than this is not ours. */
    static final int MAX_ETAG = 64;

    /** What the check found. */
    enum Verdict {
        /** 304: the peer's change log is as we last saw it. */
        UNCHANGED,
        /** 200 with an ETag: something changed (or we had no ETag). */
        CHANGED,
        /** 404/405/501: a peer without the endpoint; stop asking it. */
        UNSUPPORTED,
        /** Anything else: no conclusion, run the session. */
        FAILED
    }

    record Result(Verdict verdict, String etag, long bytesSent, long bytesReceived, int requests, String error) {
    }

    private ChangeCheck() {
    }

    /** The check's URL: the peer's SyncML path plus "/changes", without the query. */
    static URI url(URI syncUrl) {
        String path = syncUrl.getRawPath() == null || syncUrl.getRawPath().isEmpty() ? "/" : syncUrl.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(syncUrl.getScheme() + "://" + syncUrl.getRawAuthority() + path + "/changes");
    }

    static Result run(HttpClient http, URI syncUrl, String etag) {
        Request request;
        try {
            request = http.newRequest(url(syncUrl)).method(HttpMethod.GET).timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            return new Result(Verdict.FAILED, null, 0, 0, 0, e.getMessage());
        }
        if (etag != null) {
            request.headers(h -> h.put(HttpHeader.IF_NONE_MATCH, etag));
        }
        ContentResponse response;
        try {
            response = new org.eclipse.jetty.client.CompletableResponseListener(request, MAX_BODY).send()
                    .get(TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Verdict.FAILED, null, 0, 0, 0, "interrupted");
        } catch (Exception e) {
            request.abort(e);
            return new Result(Verdict.FAILED, null, 0, 0, 0, e.toString());
        }
        long sent = HttpPeerExchange.requestHead(request);
        long received = HttpPeerExchange.responseHead(response) + response.getContent().length;
        int status = response.getStatus();
        String tag = response.getHeaders().get(HttpHeader.ETAG);
        Verdict v;
        if (status == 304 && etag != null) {
            v = Verdict.UNCHANGED;
        } else if (status == 200 && tag != null && tag.length() <= MAX_ETAG) {
            v = Verdict.CHANGED;
        } else if (status == 404 || status == 405 || status == 501) {
            v = Verdict.UNSUPPORTED;
        } else {
            v = Verdict.FAILED;
        }
        return new Result(v, v == Verdict.CHANGED ? tag : etag, sent, received, 1,
                v == Verdict.FAILED ? "change check answered HTTP " + status : null);
    }
}
