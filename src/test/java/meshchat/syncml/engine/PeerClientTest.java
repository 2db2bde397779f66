package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client role against the server role, in memory and message by message: node A (PeerClient)
 * syncs with node B (SyncServer) on meshchat-full, both on real Derby stores, every message
 * through the real codec.
 */
class PeerClientTest {
    private static final String PASSWORD = "a-to-b";

    @TempDir
    Path dir;
    PeerNode a;
    PeerNode b;

    @BeforeEach
    void nodes() {
        a = PeerNode.of(dir, "node-a");
        b = PeerNode.of(dir, "node-b").accepts(a, PASSWORD);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private PeerSessionResult sync(Encoding encoding) {
        return a.syncWith(b, PASSWORD, a.exchangeTo(b, encoding));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void firstSyncIsSlowAndCarriesEveryFieldBothWays(Encoding encoding) {
        a.post("from a, one");
        a.post("from a, two\nover two lines");
        a.post("from a, three");
        b.post("from b, one");
        b.post("from b, two");

        PeerSessionResult r = sync(encoding);

        assertTrue(r.ok(), r.toString());
        assertEquals("slow", r.mode());
        assertEquals(3, r.itemsSent());
        assertEquals(2, r.itemsReceived());
        assertEquals(5, a.messages().size());
        assertEquals(a.messages(), b.messages(), "both nodes hold the same messages, field for field");
        assertTrue(a.client.anchors(b.url()).isPresent(), "anchors saved on completion");
    }

    @Test
    void incrementalTwoWayCarriesOnlyTheNewPostsAndThenNothing() {
        a.post("a1");
        b.post("b1");
        assertTrue(sync(Encoding.WBXML).ok());
        a.post("a2");
        b.post("b2");

        PeerSessionResult r = sync(Encoding.WBXML);

        assertTrue(r.ok(), r.toString());
        assertEquals("two-way", r.mode());
        assertEquals(1, r.itemsSent(), "only the new post of A");
        assertEquals(1, r.itemsReceived(), "only the new post of B");
        assertEquals(a.messages(), b.messages());
        assertEquals(4, a.messages().size());

        PeerSessionResult idle = sync(Encoding.WBXML);
        assertTrue(idle.ok(), idle.toString());
        assertEquals("two-way", idle.mode());
        assertEquals(0, idle.itemsSent(), "what A got from B is never sent back to B");
        assertEquals(0, idle.itemsReceived(), "what B got from A is never sent back to A");
    }

    @Test
    void serverThatLostItsStateAnswers508AndTheSlowSyncStoresNothingTwice() {
        a.post("a1");
        a.post("a2");
        b.post("b1");
        assertTrue(sync(Encoding.WBXML).ok());
        b.store.write(tx -> {
            tx.deleteSyncState(a.keyAt(b)); // B restored without our anchors
            return null;
        });
        long seqA = a.lastSeq();
        long seqB = b.lastSeq();

        PeerSessionResult r = sync(Encoding.WBXML);

        assertTrue(r.ok(), r.toString());
        assertEquals("slow", r.mode());
        assertEquals(3, a.messages().size());
        assertEquals(a.messages(), b.messages());
        assertEquals(seqA, a.lastSeq(), "A logged no change: everything B sent was held already");
        assertEquals(seqB, b.lastSeq(), "B logged no change: everything A sent was held already");
        PeerSessionResult after = sync(Encoding.WBXML);
        assertTrue(after.ok(), after.toString());
        assertEquals("two-way", after.mode(), "the slow sync left valid anchors on both sides");
    }

    @Test
    void aLostReplyIsResentAndTheSessionCompletes() {
        a.post("a1");
        b.post("b1");
        InMemoryExchange x = a.exchangeTo(b, Encoding.WBXML).losingRepliesTo(n -> n == 3);

        PeerSessionResult r = a.syncWith(b, PASSWORD, x);

        assertTrue(r.ok(), r.toString());
        assertEquals(1, x.repliesLost);
        assertEquals(a.messages(), b.messages());
        assertEquals(2, b.messages().size());
    }

    @Test
    void aSessionCutOffLeavesTheAnchorsAndTheNextOneGoesOnIncrementally() {
        a.post("a1");
        b.post("b1");
        assertTrue(sync(Encoding.WBXML).ok());
        var anchors = a.client.anchors(b.url()).orElseThrow();
        a.post("a2");
        b.post("b2");
        // every reply from the fourth request on is lost: the session cannot complete
        InMemoryExchange broken = a.exchangeTo(b, Encoding.WBXML).losingRepliesTo(n -> n >= 3);

        PeerSessionResult cut = a.syncWith(b, PASSWORD, broken);

        assertFalse(cut.ok());
        assertTrue(cut.error().contains("unreachable"), cut.error());
        assertEquals(anchors, a.client.anchors(b.url()).orElseThrow(), "anchors unchanged");

        PeerSessionResult next = sync(Encoding.WBXML);
        assertTrue(next.ok(), next.toString());
        assertEquals("two-way", next.mode());
        assertEquals(a.messages(), b.messages());
        assertEquals(4, a.messages().size());
    }

    @Test
    void aPurgeTravelsBothWaysAndIsNeverResurrected() {
        Message a1 = a.post("a1, to be purged on A");
        a.post("a2");
        Message b1 = b.post("b1, to be purged on B");
        assertTrue(sync(Encoding.WBXML).ok());
        a.purge(a1.id());
        b.purge(b1.id());

        PeerSessionResult r = sync(Encoding.WBXML);

        assertTrue(r.ok(), r.toString());
        assertFalse(b.messages().containsKey(a1.id().value()), "A's purge reached B");
        assertFalse(a.messages().containsKey(b1.id().value()), "B's purge reached A");
        assertTrue(a.tombstoned(b1.id()) && b.tombstoned(a1.id()));
        assertEquals(a.messages(), b.messages());

        // a slow sync of both (B lost its state) brings neither back
        b.store.write(tx -> {
            tx.deleteSyncState(a.keyAt(b));
            return null;
        });
        PeerSessionResult slow = sync(Encoding.WBXML);
        assertTrue(slow.ok(), slow.toString());
        assertEquals("slow", slow.mode());
        Map<String, Message> left = a.messages();
        assertEquals(1, left.size());
        assertEquals(left, b.messages());
    }

    @Test
    void aDeleteForAGuidNeverSeenTombstonesItSoALateAddIsRefused() {
        Message m = b.post("travels late");
        // A learns of the purge from elsewhere before the message reaches it
        a.purge(m.id());
        PeerSessionResult r = sync(Encoding.WBXML);
        assertTrue(r.ok(), r.toString());
        assertFalse(a.messages().containsKey(m.id().value()));
        assertFalse(b.messages().containsKey(m.id().value()), "A's Delete purged it on B too");
    }

    @Test
    void packagesSpanSeveralMessagesBothWaysUnderSmallMaxMsgSize() {
        a.close();
        b.close();
        a = new PeerNode(dir.resolve("small"), "node-a", PeerNode.config("node-a", 4096),
                ClientSettings.defaults().withMaxMsgSize(4096));
        b = new PeerNode(dir.resolve("small"), "node-b", PeerNode.config("node-b", 4096), ClientSettings.defaults())
                .accepts(a, PASSWORD);
        for (int i = 0; i < 40; i++) {
            a.post("message " + i + " from node a, long enough to fill a few hundred bytes per item");
            b.post("message " + i + " from node b, long enough to fill a few hundred bytes per item");
        }
        InMemoryExchange x = a.exchangeTo(b, Encoding.XML);

        PeerSessionResult r = a.syncWith(b, PASSWORD, x);

        assertTrue(r.ok(), r.toString());
        assertEquals(40, r.itemsSent());
        assertEquals(40, r.itemsReceived());
        assertTrue(r.messages() >= 6, "package 3 and package 4 each took several messages: " + r.messages());
        assertEquals(80, a.messages().size());
        assertEquals(a.messages(), b.messages());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aLargeObjectTravelsInChunksBothWays(Encoding encoding) {
        a.close();
        b.close();
        a = new PeerNode(dir.resolve("large"), "node-a", PeerNode.config("node-a", 8192),
                ClientSettings.defaults().withMaxMsgSize(8192));
        b = new PeerNode(dir.resolve("large"), "node-b", PeerNode.config("node-b", 8192), ClientSettings.defaults())
                .accepts(a, PASSWORD);
        Message bigA = a.post("A ".repeat(15_000) + "ÄÖÜ 😀 end of a");
        Message bigB = b.post("B ".repeat(15_000) + "ß 😀 end of b");

        PeerSessionResult r = a.syncWith(b, PASSWORD, a.exchangeTo(b, encoding));

        assertTrue(r.ok(), r.toString());
        assertEquals(bigA, b.messages().get(bigA.id().value()));
        assertEquals(bigB, a.messages().get(bigB.id().value()));
        assertTrue(r.messages() >= 6, "each object took several messages: " + r.messages());
    }

    @Test
    void aWrongPasswordEndsTheSessionWithAClearErrorAndChangesNothing() {
        a.post("a1");
        b.post("b1");

        PeerSessionResult r = a.syncWith(b, "not-the-password", a.exchangeTo(b, Encoding.WBXML));

        assertFalse(r.ok());
        assertNotNull(r.error());
        assertTrue(r.error().contains("refused our credentials for user node-a"), r.error());
        assertEquals(1, a.messages().size());
        assertEquals(1, b.messages().size());
        assertTrue(a.client.anchors(b.url()).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void anIdlePollIsThreeSmallMessagesAndOneNewMessageAddsLittle(Encoding encoding) {
        a.post("a1");
        b.post("b1");
        assertTrue(sync(encoding).ok());
        InMemoryExchange idle = a.exchangeTo(b, encoding);

        PeerSessionResult r = a.syncWith(b, PASSWORD, idle);

        assertTrue(r.ok(), r.toString());
        assertEquals(3, idle.requests, "package 1, package 3 (empty Sync), package 5");
        a.post("one new message of a typical length, about sixty characters");
        InMemoryExchange one = a.exchangeTo(b, encoding);
        assertTrue(a.syncWith(b, PASSWORD, one).ok());
        assertEquals(3, one.requests);
        System.out.printf("%s bodies: idle poll %d up + %d down; one new message %d up + %d down%n", encoding,
                idle.bytesUp, idle.bytesDown, one.bytesUp, one.bytesDown);
        // measured (bodies only, no DevInf after the first session): WBXML idle 2,352, XML idle 6,221
        long limit = encoding == Encoding.WBXML ? 2_500 : 6_600;
        assertTrue(idle.bytesUp + idle.bytesDown < limit, "bodies of an idle poll: " + (idle.bytesUp + idle.bytesDown));
        assertTrue(one.bytesUp + one.bytesDown < limit + 600, "one message on top: " + (one.bytesUp + one.bytesDown));
    }

    @Test
    void aMalformedItemIsAnswered400AndTheSessionGoesOn() {
        Message good = b.post("well formed");
        Message bad = b.post("to be mangled on the way");
        InMemoryExchange x = a.exchangeTo(b, Encoding.WBXML).tampering(m -> mangle(m, bad.id().value()));

        PeerSessionResult r = a.syncWith(b, PASSWORD, x);

        assertTrue(r.ok(), r.toString());
        assertTrue(a.messages().containsKey(good.id().value()));
        assertFalse(a.messages().containsKey(bad.id().value()));
        boolean answered400 = x.sent.stream().flatMap(m -> m.commands().stream())
                .anyMatch(c -> c instanceof Status st && "Add".equals(st.cmd()) && "400".equals(st.data())
                        && st.sourceRefs().contains(bad.id().value()));
        assertTrue(answered400, "the mangled Add got status 400");
    }

    @Test
    void aReplyNamingAnotherSessionEndsTheSessionAndStoresNothing() {
        b.post("b1");
        InMemoryExchange x = a.exchangeTo(b, Encoding.WBXML).tampering(m -> new SyncMessage(new SyncHdr(
                m.header().version(), "4711", m.header().msgId(), m.header().target(), m.header().source(),
                m.header().respUri(), m.header().noResp(), m.header().cred(), m.header().meta()), m.commands(), m.fin()));

        PeerSessionResult r = a.syncWith(b, PASSWORD, x);

        assertFalse(r.ok());
        assertTrue(r.error().contains("not for our session"), r.error());
        assertTrue(a.messages().isEmpty());
        assertTrue(a.client.anchors(b.url()).isEmpty());
    }

    /** A reply naming another host (or port) as RespURI: our later messages still go to the peer's server. */
    @Test
    void aRespUriOffThePeersServerIsFollowedOnlyOnThePeersServer() {
        b.post("b1");
        java.util.List<String> urls = new ArrayList<>();
        InMemoryExchange x = a.exchangeTo(b, Encoding.WBXML).tampering(m -> new SyncMessage(new SyncHdr(
                m.header().version(), m.header().sessionId(), m.header().msgId(), m.header().target(), m.header().source(),
                "http://127.0.0.9:8081/collect?sessionid=x", m.header().noResp(), m.header().cred(), m.header().meta()),
                m.commands(), m.fin()));
        PeerExchange recording = new PeerExchange() {
            @Override
            public SyncMessage send(SyncMessage request, String url) throws java.io.IOException {
                urls.add(url);
                return x.send(request, url);
            }

            @Override
            public int encodedSize(SyncMessage message) {
                return x.encodedSize(message);
            }
        };

        PeerSessionResult r = a.client.sync(new PeerLink(b.url(), "node-a", PASSWORD, Encoding.WBXML), recording);

        assertTrue(r.ok(), r.toString()); // the peer finds the session without the token (device, SessionID, address)
        assertTrue(a.messages().size() == 1);
        assertTrue(urls.size() > 1);
        assertTrue(urls.stream().allMatch(u -> u.startsWith("http://node-b.local.mesh:8080/")), "nothing left B: " + urls);
        assertTrue(urls.contains("http://node-b.local.mesh:8080/collect?sessionid=x"), "its path and query kept: " + urls);
    }

    @Test
    void aRespUrisPathAndQueryAreFollowedOnThePeersConfiguredServer() {
        String peer = "https://node-b.local.mesh:8443/sync";
        assertEquals("https://node-b.local.mesh:8443/sync?sessionid=abc",
                ClientStep.onPeersServer("https://node-b.local.mesh:8443/sync?sessionid=abc", peer, peer));
        assertEquals("https://node-b.local.mesh:8443/sync?sessionid=abc",
                ClientStep.onPeersServer("http://127.0.0.1:8080/sync?sessionid=abc", peer, peer), "a proxy's inner address");
        assertEquals("https://node-b.local.mesh:8443/sync?sessionid=a%20b",
                ClientStep.onPeersServer("/sync?sessionid=a%20b", peer, peer), "relative");
        assertEquals(peer, ClientStep.onPeersServer("http://elsewhere", peer, peer), "no path: where we were");
        assertEquals(peer, ClientStep.onPeersServer("http://[broken", peer, peer), "unparsable: where we were");
    }

    @Test
    void eachStepIsCommittedBeforeItsMessageLeavesAndTheAnchorsOnlyWithTheLast() {
        b.post("b1");
        b.post("b2");
        b.post("b3");
        InMemoryExchange x = a.exchangeTo(b, Encoding.WBXML);
        int[] heldWhenMapLeft = {-1};
        boolean[] anchorsWhenMapLeft = {true};
        PeerExchange watching = new PeerExchange() {
            @Override
            public SyncMessage send(SyncMessage request, String url) throws java.io.IOException {
                if (request.commands().stream().anyMatch(c -> c instanceof MapCommand)) {
                    heldWhenMapLeft[0] = a.messages().size();
                    anchorsWhenMapLeft[0] = a.client.anchors(b.url()).isPresent();
                }
                return x.send(request, url);
            }

            @Override
            public int encodedSize(SyncMessage message) {
                return x.encodedSize(message);
            }
        };

        PeerSessionResult r = a.client.sync(new PeerLink(b.url(), "node-a", PASSWORD, Encoding.WBXML), watching);

        assertTrue(r.ok(), r.toString());
        assertEquals(3, heldWhenMapLeft[0], "package 4 was stored before package 5 went out");
        assertFalse(anchorsWhenMapLeft[0], "no anchors before package 6");
        assertTrue(a.client.anchors(b.url()).isPresent(), "anchors once package 6 came");
    }

    /** The reply with the Add of {@code guid} carrying data that is not a message item. */
    private static SyncMessage mangle(SyncMessage m, String guid) {
        List<Command> out = new ArrayList<>();
        for (Command c : m.commands()) {
            if (c instanceof Sync sync) {
                List<Command> inner = new ArrayList<>();
                for (Command ic : sync.commands()) {
                    if (ic instanceof ItemCommand add && guid.equals(add.items().get(0).sourceUri())) {
                        Item i = add.items().get(0);
                        ic = new ItemCommand(add.kind(), add.cmdId(), false, false, false, add.meta(),
                                List.of(Item.text(i.target(), i.source(), i.meta(), "no headers at all")));
                    }
                    inner.add(ic);
                }
                c = new Sync(sync.cmdId(), sync.noResp(), sync.target(), sync.source(), sync.meta(),
                        sync.numberOfChanges(), inner);
            }
            out.add(c);
        }
        return new SyncMessage(m.header(), out, m.fin());
    }
}
