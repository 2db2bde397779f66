package meshchat.syncml.legacy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import meshchat.syncml.chat.Message;
import meshchat.syncml.store.Store;

/**
 * Pulls one v2 peer the way v2's sync daemon does (meshchat-v2.md 3.3), and better where v2 is
 * wasteful: ask {@code messages_version} first; download {@code messages_raw} only when that
 * version differs both from the one of our last good download from this peer and from our own;
 * keep the body only when its {@code Content-MD5} matches and it is not empty; parse it with v2's
 * escaping, drop what v2 drops (non-hex ids, epochs 30 days or more ahead) and what our store
 * cannot hold, and add the rest. The store dedupes by GUID and refuses tombstoned GUIDs; aliases
 * catch echoes of our own lossy lines. So a purged message never comes back, however often a v2
 * node offers it. Then {@code users_raw}, for presence. Not thread-safe: one thread polls.
 */
final class V2Puller {

    /** What one poll did. */
    enum Outcome { UNCHANGED, IMPORTED, BAD_MD5, EMPTY, FAILED, BACKING_OFF }

    /** @param imported messages added to the store; @param rejected lines dropped, by reason */
    record Result(Outcome outcome, int imported, Map<V2Format.Reject, Integer> rejected, String error) {
        static Result of(Outcome o) {
            return new Result(o, 0, Map.of(), null);
        }
    }

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5); // v2's curl --connect-timeout 5
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A v2 file is at most 500 lines (~25 KB measured for short ones): 2 MiB is 4 KiB a line. Any
     * mesh node advertising the zone is pulled, and the file is parsed and imported whole: 16 MiB
     * of lines exhausted a 64 MB heap.
     */
    static final int MAX_BODY = 2 * 1024 * 1024;
    /** v2's non_meshchat_poll_interval: a peer answering 404 is left alone this long. */
    static final Duration NOT_MESHCHAT_BACKOFF = Duration.ofSeconds(600);

    private static final Logger LOG = LoggerFactory.getLogger(V2Puller.class);

    private record Fetched(int status, HttpHeaders headers, byte[] body) {
    }

    private final URI base;
    private final String name;
    private final HttpClient http;
    private final Store store;
    private final Clock clock;
    private final V2Db db;
    private final V2Users users;
    private final V2SyncStatus status;
    private final String nodeName;
    private final Duration deadline;
    private final Duration retention;
    private String lastVersion;
    private long skipUntil;

    /** @param peer {@code http://host:port} of a v2 node */
    V2Puller(URI peer, HttpClient http, Store store, Clock clock, V2Db db, V2Users users, V2SyncStatus status,
             String nodeName) {
        this(peer, http, store, clock, db, users, status, nodeName, REQUEST_TIMEOUT, LegacyConfig.DEFAULT_RETENTION);
    }

    /**
     * @param deadline  for each whole answer, headers and body: a node that drips its body stalls no pulls
     * @param retention how long purges are remembered: older lines are not imported
     */
    V2Puller(URI peer, HttpClient http, Store store, Clock clock, V2Db db, V2Users users, V2SyncStatus status,
             String nodeName, Duration deadline, Duration retention) {
        this.deadline = deadline;
        this.retention = retention;
        this.base = URI.create(peer.getScheme() + "://" + peer.getRawAuthority());
        this.name = peer.getRawAuthority();
        this.http = http;
        this.store = store;
        this.clock = clock;
        this.db = db;
        this.users = users;
        this.status = status;
        this.nodeName = nodeName;
    }

    String name() {
        return name;
    }

    /** {@code http://host:port}: where this peer is pulled. */
    String url() {
        return base.toString();
    }

    Result poll() {
        long now = clock.instant().getEpochSecond();
        if (now < skipUntil) {
            return Result.of(Outcome.BACKING_OFF);
        }
        try {
            Fetched version = get("messages_version");
            if (version.status() == 404) {
                skipUntil = now + NOT_MESHCHAT_BACKOFF.toSeconds();
                return failed("answers 404: not a MeshChat node? trying again in "
                        + NOT_MESHCHAT_BACKOFF.toSeconds() + " s");
            }
            if (version.status() != 200) {
                return failed("messages_version answered HTTP " + version.status());
            }
            String v = new String(version.body(), StandardCharsets.UTF_8).strip();
            Result result;
            if (!v.isEmpty() && (v.equals(lastVersion) || v.equals(db.current().version()))) {
                status.synced(name, now);
                result = Result.of(Outcome.UNCHANGED);
            } else {
                result = download(v, now);
            }
            if (result.outcome() != Outcome.FAILED) {
                pullUsers();
            }
            return result;
        } catch (IOException e) {
            return failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        }
    }

    private Result download(String version, long now) throws IOException, InterruptedException {
        Fetched raw = get("messages_raw");
        if (raw.status() != 200) {
            return failed("messages_raw answered HTTP " + raw.status());
        }
        String md5 = raw.headers().firstValue("Content-MD5").orElse(null);
        if (md5 == null || !md5.equals(V2Format.md5Hex(raw.body()))) {
            failed("messages_raw ignored: Content-MD5 " + md5 + " is not the MD5 of the " + raw.body().length
                    + " bytes received");
            return new Result(Outcome.BAD_MD5, 0, Map.of(), "Content-MD5 mismatch");
        }
        if (raw.body().length == 0) {
            return Result.of(Outcome.EMPTY); // v2 ignores an empty file too
        }
        V2Db.View ours = db.current();
        List<Message> candidates = new ArrayList<>();
        Map<V2Format.Reject, Integer> rejected = new EnumMap<>(V2Format.Reject.class);
        for (String line : V2Format.lines(raw.body())) {
            if (ours.lineSet().contains(line)) {
                continue; // our own line: nothing new
            }
            V2Format.Parsed p = V2Format.parse(line, now);
            if (p.message() == null) {
                rejected.merge(p.reject(), 1, Integer::sum);
            } else if (p.message().epoch() < now - retention.toSeconds()) {
                // its purge, if it had one, may be forgotten (tombstones are pruned after the
                // retention): a message we have is unchanged by it, one we lack must not come back
                rejected.merge(V2Format.Reject.PAST_RETENTION, 1, Integer::sum);
            } else {
                candidates.add(p.message());
            }
        }
        if (candidates.size() > V2Format.MAX_MESSAGES) {
            // a v2 node keeps 500; a file of 40,000 new lines would flood every peer and client
            int offered = candidates.size();
            candidates = V2Format.sortAndCap(candidates, now);
            rejected.merge(V2Format.Reject.OVER_CAP, offered - candidates.size(), Integer::sum);
        }
        List<Message> toImport = candidates;
        String origin = "v2:" + base;
        int imported = toImport.isEmpty() ? 0 : store.write(tx -> {
            int n = 0;
            for (Message m : toImport) {
                if (tx.v2AliasTarget(m.id()).isEmpty() && tx.addMessage(m, origin) > 0) {
                    n++;
                }
            }
            return n;
        });
        lastVersion = version;
        status.synced(name, now);
        if (imported > 0) {
            LOG.info("v2 peer {}: imported {} message(s)", name, imported);
        }
        if (!rejected.isEmpty()) {
            LOG.debug("v2 peer {}: dropped lines {}", name, rejected);
        }
        return new Result(imported > 0 ? Outcome.IMPORTED : Outcome.UNCHANGED, imported, Map.copyOf(rejected), null);
    }

    private void pullUsers() throws IOException, InterruptedException {
        Fetched u = get("users_raw&platform=" + V2Actions.PLATFORM + "&node="
                + URLEncoder.encode(nodeName, StandardCharsets.UTF_8));
        String md5 = u.headers().firstValue("Content-MD5").orElse(null);
        if (u.status() == 200 && u.body().length > 0 && V2Format.md5Hex(u.body()).equals(md5)) {
            users.mergeRemote(V2Format.lines(u.body()));
        }
    }

    private Fetched get(String query) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(V2Handler.PATH + "?action=" + query))
                .timeout(deadline).GET().build();
        // the request's timeout covers only the wait for the headers; the deadline covers the body too
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> new BoundedBody(query));
        try {
            HttpResponse<byte[]> r = answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Fetched(r.statusCode(), r.headers(), r.body());
        } catch (TimeoutException e) {
            answer.cancel(true); // aborts the exchange and its connection
            throw new IOException(query + ": no whole answer within " + deadline.toSeconds() + " s");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(query + ": " + cause, cause);
        }
    }

    /** The body as bytes, refused (and the exchange cancelled) once it passes {@link #MAX_BODY}. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final String query;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(String query) {
            this.query = query;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (bytes.size() + (long) b.remaining() > MAX_BODY) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException(query + " body is larger than " + MAX_BODY + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }

    private Result failed(String error) {
        if (status.failed(name, error)) {
            LOG.warn("v2 peer {}: {}", name, error);
        }
        return new Result(Outcome.FAILED, 0, Map.of(), error);
    }
}
