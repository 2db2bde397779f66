package meshchat.syncml.peer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import meshchat.syncml.engine.PeerClient;
import meshchat.syncml.engine.ZoneCatchUp;
import meshchat.syncml.store.Store;

/**
 * Every peer job of one server, the door of this package: one {@link PeerJob} per peer, each on its
 * own thread, woken by the store after every local change, sharing one HTTP client.
 */
public final class PeerLinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLinks.class);
    static final Duration SYNC_NOW_WAIT = Duration.ofMinutes(5);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private final Map<URI, PeerJob> jobs;
    private final AutoCloseable resources;
    private volatile boolean closed;

    private PeerLinks(Map<URI, PeerJob> jobs, AutoCloseable resources) {
        this.jobs = jobs;
        this.resources = resources;
    }

    /** Starts one job per peer; each syncs at once, then as {@link PeerSchedule} says. */
    public static PeerLinks start(Store store, String nodeName, List<Peer> peers, Clock clock) {
        return start(peers, clock, store, () -> new PeerClient(store, nodeName, clock));
    }

    /** The same, with the client role's tombstone retention (how far back a slow sync sends our purges). */
    public static PeerLinks start(Store store, String nodeName, List<Peer> peers, Clock clock, Duration tombstoneRetention) {
        return start(peers, clock, store, () -> new PeerClient(store, nodeName, clock, tombstoneRetention));
    }

    /**
     * The same, opening {@code catchUp} at the first completed session with any peer (the server
     * role holds memo slow syncs until then; see {@link meshchat.syncml.engine.ZoneCatchUp}).
     */
    public static PeerLinks start(Store store, String nodeName, List<Peer> peers, Clock clock, Duration tombstoneRetention,
                                  ZoneCatchUp catchUp) {
        return start(peers, clock, store, () -> new PeerClient(store, nodeName, clock, tombstoneRetention, catchUp));
    }

    private static PeerLinks start(List<Peer> peers, Clock clock, Store store, java.util.function.Supplier<PeerClient> clients) {
        HttpClient http = httpClient();
        // One PeerClient per job: each job runs its sessions on its own thread.
        return start(store, peers, clock, p -> new ClientRunner(clients.get(), http, store), http::stop);
    }

    static PeerLinks start(Store store, List<Peer> peers, Clock clock, Function<Peer, SessionRunner> runners,
                           AutoCloseable resources) {
        Map<URI, PeerJob> jobs = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (Peer p : peers) {
            if (jobs.containsKey(p.url())) {
                throw new IllegalArgumentException("peer " + p.url() + " is given twice");
            }
            jobs.put(p.url(), new PeerJob(p, runners.apply(p), clock, () -> (System.nanoTime() - t0) / 1_000_000));
        }
        PeerLinks links = new PeerLinks(jobs, resources);
        store.onChange(links::changed);
        jobs.values().forEach(PeerJob::start);
        if (!jobs.isEmpty()) {
            LOG.info("syncing with {} peer node(s): {}", jobs.size(), jobs.keySet());
        }
        return links;
    }

    /** The HTTP client of the peer links: no redirects, no compression offer, no User-Agent (bytes on a radio link). */
    static HttpClient httpClient() {
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("peer-http");
        threads.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setConnectTimeout(10_000);
        http.setIdleTimeout(60_000);
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        http.getContentDecoderFactories().clear();
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client for peer links: " + e.getMessage(), e);
        }
        return http;
    }

    private void changed() {
        if (closed) {
            return;
        }
        for (PeerJob job : jobs.values()) {
            job.changed();
        }
    }

    /** Each peer's status, in the order the peers were given. */
    public List<PeerStatus> statuses() {
        List<PeerStatus> out = new ArrayList<>();
        for (PeerJob job : jobs.values()) {
            out.add(job.status());
        }
        return out;
    }

    /** Runs one session with that peer now (waits for a running one first) and returns its status. */
    public PeerStatus syncNow(URI url) {
        PeerJob job = jobs.get(url);
        if (job == null) {
            throw new IllegalArgumentException("not a peer of this node: " + url);
        }
        try {
            return job.syncNow(SYNC_NOW_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return job.status();
        }
    }

    /** Sessions run so far with that peer. */
    long sessions(URI url) {
        return jobs.get(url).sessions();
    }

    PeerJob job(URI url) {
        return jobs.get(url);
    }

    /** Stops every job (a running session gets a bounded time to end), then the HTTP client. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        jobs.values().forEach(PeerJob::stopSoon); // all at once, then wait for each
        for (PeerJob job : jobs.values()) {
            job.close(CLOSE_WAIT);
        }
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("stopping the peer HTTP client failed: {}", e.toString());
        }
    }
}
