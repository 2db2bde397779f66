package meshchat.syncml.interop;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The tests' own HTTP requests to a server process (API, status page, startup probe): one Jetty
 * HttpClient per JVM, every request with {@code Connection: close}. A keep-alive connection left
 * idle by a test would hold the server's graceful stop (SIGTERM) for about a second, in every test.
 */
final class LoopbackHttp {
    /** Larger than any reply a test asks for (5,000 messages of the large-object test). */
    private static final int MAX_REPLY = 64 * 1024 * 1024;
    private static HttpClient client;

    private LoopbackHttp() {
    }

    /** A request to {@code uri} that closes its connection after the reply; 30 s timeout. */
    static Request request(URI uri) {
        return client().newRequest(uri).timeout(30, TimeUnit.SECONDS)
                .headers(h -> h.put(HttpHeader.CONNECTION, "close"));
    }

    /** Sends the request; the reply's body is read whole. IO failures come as {@link ExecutionException}. */
    static ContentResponse send(Request request) throws ExecutionException, InterruptedException {
        try {
            return new CompletableResponseListener(request, MAX_REPLY).send().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new ExecutionException("no reply within 60 s: " + request.getMethod() + " " + request.getURI(), e);
        }
    }

    /** The body as UTF-8 (JSON and our pages are UTF-8, whatever the Content-Type says). */
    static String body(ContentResponse response) {
        return new String(response.getContent(), StandardCharsets.UTF_8);
    }

    private static synchronized HttpClient client() {
        if (client == null) {
            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName("test-http");
            threads.setDaemon(true);
            HttpClient c = new HttpClient();
            c.setExecutor(threads);
            c.setScheduler(new ScheduledExecutorScheduler("test-http-timeouts", true));
            c.setFollowRedirects(false);
            try {
                c.start();
            } catch (Exception e) {
                throw new AssertionError("cannot start Jetty's HttpClient: " + e, e);
            }
            client = c;
        }
        return client;
    }
}
