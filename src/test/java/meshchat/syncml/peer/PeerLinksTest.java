package meshchat.syncml.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.store.Store;

/** The jobs on real threads over a real Derby store, with a runner that counts what it is asked to do. */
class PeerLinksTest {
    static final URI PEER = URI.create("http://127.0.0.1:9/sync");
    static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Store store;
    PeerLinks links;
    final AtomicInteger posted = new AtomicInteger();

    /** Counts sessions and remembers the store's last change seq each one started from. */
    final class CountingRunner implements SessionRunner {
        final AtomicInteger sessions = new AtomicInteger();
        final AtomicLong seqSeen = new AtomicLong(-1);
        volatile boolean fail;
        volatile boolean writeDuringSession;
        volatile Error throwOnce;

        @Override
        public Outcome run(Peer peer) {
            sessions.incrementAndGet();
            Error e = throwOnce;
            if (e != null) {
                throwOnce = null;
                throw e;
            }
            seqSeen.set(store.read(tx -> tx.lastSeq()));
            if (writeDuringSession) {
                post(); // as the client role stores what the peer sent
            }
            return fail ? Outcome.failed("peer unreachable")
                    : new Outcome(true, "two-way", 2, 3, 1_000, 2_000, 2, null);
        }
    }

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("node"));
    }

    @AfterEach
    void close() {
        if (links != null) {
            links.close();
        }
        store.close();
    }

    long post() {
        int n = posted.incrementAndGet();
        return store.write(tx -> tx.addMessage(Message.create(String.format("%08x", n), 1_700_000_000L + n,
                "post " + n, "K1ABC", "node-a", "test", ""), "test"));
    }

    PeerLinks start(SessionRunner runner, long intervalSeconds) {
        Peer peer = new Peer(PEER, "peer", "pw", Duration.ofSeconds(intervalSeconds), Encoding.WBXML);
        links = PeerLinks.start(store, List.of(peer), Clock.systemUTC(), p -> runner, () -> { });
        return links;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Waits for the session every job runs when it starts. */
    void firstSessionDone() throws InterruptedException {
        await("the first session", () -> links.statuses().get(0).lastAttempt() != null);
    }

    @Test
    void aLocalPostSyncsSoonNotAnHourLater() throws Exception {
        CountingRunner runner = new CountingRunner();
        start(runner, 3_600);
        firstSessionDone();
        assertEquals(1, runner.sessions.get());
        long seq = post();
        await("a session that carries the post", () -> runner.seqSeen.get() >= seq);
        assertEquals(2, runner.sessions.get(), "the post's own session, not a periodic one");
    }

    @Test
    void aBurstOfTwentyPostsIsFarFewerThanTwentySessions() throws Exception {
        CountingRunner runner = new CountingRunner();
        start(runner, 3_600);
        firstSessionDone();
        long last = -1;
        for (int i = 0; i < 20; i++) {
            last = post();
        }
        long seq = last;
        await("a session that carries the last post", () -> runner.seqSeen.get() >= seq);
        int forBurst = runner.sessions.get() - 1;
        assertTrue(forBurst >= 1 && forBurst <= 5, "sessions for 20 posts: " + forBurst);
    }

    @Test
    void whatTheSessionItselfStoresDoesNotCallForAnotherSession() throws Exception {
        CountingRunner runner = new CountingRunner();
        runner.writeDuringSession = true;
        start(runner, 3_600);
        firstSessionDone();
        assertEquals(1, posted.get(), "the session stored a message");
        assertFalse(links.job(PEER).changesPending(), "its own write is not a local change for this peer");
        post(); // a post from elsewhere is: pending, or (the session started) a second session
        await("the post pending or its session", () -> links.job(PEER).changesPending() || runner.sessions.get() > 1);
    }

    @Test
    void anErrorInASessionFailsItButNotTheJob() throws Exception {
        CountingRunner runner = new CountingRunner();
        runner.throwOnce = new OutOfMemoryError("Java heap space (thrown by the test)");
        start(runner, 3_600);
        firstSessionDone();
        PeerStatus failed = links.statuses().get(0);
        assertTrue(failed.lastError() != null && failed.lastError().contains("OutOfMemoryError"), failed.toString());
        post(); // the job still runs a session for a change
        await("a session after the error", () -> runner.sessions.get() >= 2 && links.statuses().get(0).lastError() == null);
    }

    @Test
    void syncNowRunsASessionAndReturnsItsFigures() throws Exception {
        CountingRunner runner = new CountingRunner();
        start(runner, 3_600);
        firstSessionDone();
        PeerStatus s = links.syncNow(PEER);
        assertEquals(2, runner.sessions.get());
        assertEquals(PEER.toString(), s.url());
        assertNull(s.lastError());
        assertTrue(s.lastSuccess() != null && !s.lastSuccess().isBefore(s.lastAttempt()));
        assertEquals(List.of(2, 3, 1_000L, 2_000L), List.of(s.itemsSent(), s.itemsReceived(), s.bytesSent(), s.bytesReceived()));
        assertEquals(s, links.statuses().get(0));
        assertThrows(IllegalArgumentException.class, () -> links.syncNow(URI.create("http://127.0.0.1:1/other")));
    }

    @Test
    void aFailingPeerKeepsItsLastSuccessShowsTheErrorAndBacksOff() throws Exception {
        CountingRunner runner = new CountingRunner();
        start(runner, 30);
        firstSessionDone();
        PeerStatus good = links.statuses().get(0);
        assertEquals(0, links.job(PEER).backoffMs());
        runner.fail = true;
        PeerStatus bad = links.syncNow(PEER);
        assertEquals("peer unreachable", bad.lastError());
        assertEquals(good.lastSuccess(), bad.lastSuccess());
        assertEquals(30_000, links.job(PEER).backoffMs());
        links.syncNow(PEER);
        assertEquals(60_000, links.job(PEER).backoffMs(), "doubles per failure");
        runner.fail = false;
        assertNull(links.syncNow(PEER).lastError());
        assertEquals(0, links.job(PEER).backoffMs(), "reset by a success");
    }

    @Test
    void anUnreachablePeerIsAnErrorNamingItsUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/sync";
        HttpClient http = PeerLinks.httpClient();
        SessionRunner overHttp = peer -> {
            HttpPeerExchange exchange = new HttpPeerExchange(http, peer.encoding());
            try {
                exchange.send(HttpPeerExchangeTest.alert(1, url), url);
                return new SessionRunner.Outcome(true, "two-way", 0, 0, exchange.bytesSent(), exchange.bytesReceived(),
                        exchange.requests(), null);
            } catch (IOException e) {
                return SessionRunner.Outcome.failed(e.getMessage());
            }
        };
        Peer peer = new Peer(URI.create(url), "peer", "pw", Duration.ofSeconds(30), Encoding.WBXML);
        links = PeerLinks.start(store, List.of(peer), Clock.systemUTC(), p -> overHttp, http::stop);
        PeerStatus s = links.syncNow(peer.url());
        assertTrue(s.lastError() != null && s.lastError().contains(url), String.valueOf(s.lastError()));
        assertNull(s.lastSuccess());
        assertTrue(links.job(peer.url()).backoffMs() >= 30_000);
    }

    @Test
    void closeStopsEveryJobAndRefusesMoreSessions() throws Exception {
        CountingRunner runner = new CountingRunner();
        start(runner, 3_600);
        firstSessionDone();
        PeerJob job = links.job(PEER);
        links.close();
        assertTrue(job.stopped(), "the job's thread ended");
        assertThrows(IllegalStateException.class, () -> job.syncNow(Duration.ofSeconds(1)));
        post(); // the store's listener is harmless after close
        links = null;
    }

    @Test
    void aPeerGivenTwiceIsRefused() {
        Peer peer = new Peer(PEER, "peer", "pw", Duration.ofSeconds(30), Encoding.WBXML);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerLinks.start(store, List.of(peer, peer), Clock.systemUTC(), p -> new CountingRunner(), () -> { }));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }
}
