package meshchat.syncml.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.PeerClient;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.store.Store;

/**
 * The change check before a periodic session, node A polling node B over real HTTP: an idle poll is
 * one small GET; anything new on either side still gets a full session.
 */
class PeerChangeCheckTest {
    static final long IDLE_POLL_TARGET = 1_200;

    @TempDir
    Path dir;
    PeerNode b;
    Store a;
    HttpClient http;
    PeerLinks links;

    @BeforeEach
    void start() throws Exception {
        a = Store.open(dir.resolve("a"));
        http = PeerLinks.httpClient();
    }

    @AfterEach
    void stop() throws Exception {
        if (links != null) {
            links.close();
        }
        http.stop();
        a.close();
        if (b != null) {
            b.close();
        }
    }

    Peer peer(Encoding encoding) {
        return new Peer(URI.create(b.url), "peer", "peerpw", Duration.ofHours(1), encoding);
    }

    ClientRunner runner() {
        return new ClientRunner(new PeerClient(a, "node-a", Clock.systemUTC()), http, a);
    }

    /** Polls until one is answered by the check alone (at most a few: one idle session remembers the ETag). */
    static SessionRunner.Outcome pollUntilUnchanged(ClientRunner r, Peer p) {
        for (int i = 0; i < 3; i++) {
            SessionRunner.Outcome o = r.poll(p);
            assertTrue(o.ok(), o.error());
            if (o.mode().equals("unchanged")) {
                return o;
            }
        }
        throw new AssertionError("no idle poll was answered by the change check alone");
    }

    @Test
    void anIdlePollAfterACompletedSyncIsOneRequestOfAtMost1200Bytes() throws Exception {
        b = new PeerNode(dir.resolve("b"), "node-b");
        for (Encoding encoding : Encoding.values()) {
            ClientRunner r = runner();
            Peer p = peer(encoding);
            PeerLinksOverHttpTest.message(a, encoding == Encoding.WBXML ? "0000000a" : "0000000b", "before " + encoding);
            SessionRunner.Outcome full = r.poll(p); // no ETag yet: check 200, then the session carries the post
            assertTrue(full.ok(), full.error());
            assertEquals(1, full.itemsSent());
            SessionRunner.Outcome second = r.poll(p); // our Add moved B's ETag: one idle session, which remembers it
            assertEquals("two-way", second.mode());
            assertEquals(0, second.itemsSent() + second.itemsReceived());

            int checks = b.changeChecks.get();
            SessionRunner.Outcome idle = r.poll(p);
            assertEquals("unchanged", idle.mode());
            assertTrue(idle.ok());
            assertEquals(1, idle.requests(), "one request: the change check");
            assertEquals(checks + 1, b.changeChecks.get());
            assertEquals(List.of(0, 0), List.of(idle.itemsSent(), idle.itemsReceived()));
            long total = idle.bytesSent() + idle.bytesReceived();
            System.out.printf("idle periodic poll over %s with the change check: %d bytes sent, %d received, %d in all,"
                    + " %d request (HTTP heads included)%n", encoding, idle.bytesSent(), idle.bytesReceived(), total,
                    idle.requests());
            assertTrue(total > 0 && total <= IDLE_POLL_TARGET, "idle poll costs " + total + " bytes");
            assertEquals("unchanged", r.poll(p).mode(), "and stays so");
        }
    }

    @Test
    void aPostOnThePeerMakesTheCheckSayChangedAndTheSessionCarriesIt() throws Exception {
        b = new PeerNode(dir.resolve("b"), "node-b");
        ClientRunner r = runner();
        Peer p = peer(Encoding.WBXML);
        pollUntilUnchanged(r, p);

        Message there = PeerLinksOverHttpTest.message(b.store, "0000000c", "posted on B");
        SessionRunner.Outcome o = r.poll(p);
        assertTrue(o.ok(), o.error());
        assertEquals("two-way", o.mode());
        assertEquals(1, o.itemsReceived());
        assertTrue(o.requests() >= 2, "the check, then the session: " + o.requests());
        assertEquals(there, a.read(tx -> tx.message(there.id())).orElseThrow());
        // That session sent nothing, so the ETag it was checked against is remembered: idle again at once.
        assertEquals("unchanged", r.poll(p).mode());
    }

    @Test
    void aLocalPostOrPurgeIsSentEvenWhenThePeerSaysUnchanged() throws Exception {
        b = new PeerNode(dir.resolve("b"), "node-b");
        ClientRunner r = runner();
        Peer p = peer(Encoding.WBXML);
        Message old = PeerLinksOverHttpTest.message(a, "0000000d", "old");
        pollUntilUnchanged(r, p);
        assertTrue(b.store.read(tx -> tx.message(old.id())).isPresent());

        Message here = PeerLinksOverHttpTest.message(a, "0000000e", "posted on A");
        SessionRunner.Outcome o = r.poll(p); // B's check says 304, but A holds an Add B lacks
        assertTrue(o.ok(), o.error());
        assertEquals(1, o.itemsSent());
        assertEquals(here, b.store.read(tx -> tx.message(here.id())).orElseThrow());
        pollUntilUnchanged(r, p);

        a.write(tx -> tx.purge(old.id(), "admin", Instant.now()));
        SessionRunner.Outcome purge = r.poll(p);
        assertTrue(purge.ok(), purge.error());
        assertNotEquals("unchanged", purge.mode());
        assertEquals(1, purge.itemsSent(), "the Delete");
        assertFalse(b.store.read(tx -> tx.message(old.id())).isPresent(), "purged on B too");
        pollUntilUnchanged(r, p);

        a.write(tx -> tx.hide("someone", here.id()));
        assertEquals("unchanged", r.poll(p).mode(), "a hide never leaves the node");
    }

    @Test
    void aPeerWithoutTheChangeCheckStillSyncsAndIsNotAskedAgain() throws Exception {
        b = new PeerNode(dir.resolve("b"), "node-b", false);
        ClientRunner r = runner();
        Peer p = peer(Encoding.WBXML);
        Message here = PeerLinksOverHttpTest.message(a, "0000000f", "to an older node");
        SessionRunner.Outcome o = r.poll(p);
        assertTrue(o.ok(), o.error());
        assertEquals(1, o.itemsSent());
        assertEquals(here, b.store.read(tx -> tx.message(here.id())).orElseThrow());
        Message there = PeerLinksOverHttpTest.message(b.store, "00000010", "from an older node");
        SessionRunner.Outcome next = r.poll(p);
        assertTrue(next.ok(), next.error());
        assertEquals(1, next.itemsReceived());
        assertEquals(there, a.read(tx -> tx.message(there.id())).orElseThrow());
        assertEquals(1, b.changeChecks.get(), "asked once, answered 404, never again");
    }

    @Test
    void thePeerJobPollsWithTheCheckButSyncNowRunsASession() throws Exception {
        b = new PeerNode(dir.resolve("b"), "node-b");
        URI url = URI.create(b.url);
        links = PeerLinks.start(a, "node-a", List.of(new Peer(url, "peer", "peerpw", Duration.ofSeconds(1), Encoding.WBXML)),
                Clock.systemUTC());
        // First poll: no ETag, so check and session (nothing to send: the ETag is remembered); then idle polls.
        PeerLinksTest.await("three polls", () -> links.sessions(url) >= 3);
        PeerStatus idle = links.statuses().get(0);
        assertNull(idle.lastError());
        assertTrue(idle.lastSuccess() != null, "an idle check is a success");
        assertEquals(List.of(0, 0), List.of(idle.itemsSent(), idle.itemsReceived()));
        long total = idle.bytesSent() + idle.bytesReceived();
        System.out.printf("idle periodic poll through the peer job: %d bytes in all%n", total);
        assertTrue(total > 0 && total <= IDLE_POLL_TARGET, "idle poll costs " + total + " bytes");

        int checks = b.changeChecks.get();
        PeerStatus now = links.syncNow(url); // asked for: a whole session, no check
        assertNull(now.lastError());
        assertTrue(now.bytesSent() + now.bytesReceived() > total, "a session costs more than the check");
        assertTrue(b.changeChecks.get() >= checks);
    }
}
