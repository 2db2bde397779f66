package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.SyncState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: on a node started with peers, a memo slow sync (or refresh from the client, or a two-way
 * sync our 508 would turn into a slow one) is answered 503 on its Alert until the node has completed
 * a session with a peer; then it is accepted. Two-way memo syncs, meshchat-full and nodes without
 * peers are never held. Node B (the one with the memo client) runs its server role with the latch
 * and its client role against node A, on real stores, in memory.
 */
class MemoSlowSyncHoldTest {
    private static final String PEER_PASSWORD = "b-to-a";

    @TempDir
    Path dir;
    PeerNode a;
    PeerNode b;
    ZoneCatchUp latch;
    SyncServer bServer;
    PeerClient bClient;
    private int sessions;

    @BeforeEach
    void nodes() {
        a = PeerNode.of(dir, "node-a");
        b = PeerNode.of(dir, "node-b");
        a.accepts(b, PEER_PASSWORD);
        b.store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            return null;
        });
        b.post("a message on b");
        latch = ZoneCatchUp.awaitingPeers(); // as serve --peer at every start
        bServer = new SyncServer(b.store, PeerNode.config("node-b", 1_000_000).withCatchUp(latch), Clock.systemUTC());
        bClient = new PeerClient(b.store, "node-b", Clock.systemUTC(), ClientSettings.defaults(), latch);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void aMemoSlowSyncIsHeldUntilAPeerSessionCompletesThenAccepted() {
        SyncMessage held = memoAlert(bServer, "201", null, "N1", "meshchat");
        assertEquals("503", alertStatus(held, "1"), held.toString());
        assertTrue(serverAlerts(held).isEmpty(), "no sync of that datastore follows: " + held);
        assertTrue(held.fin());
        assertTrue(b.store.read(tx -> tx.syncState(memoKey())).isEmpty(), "nothing changed for the device");

        PeerSessionResult r = bClient.sync(new PeerLink(a.url(), b.name, PEER_PASSWORD, Encoding.WBXML),
                b.exchangeTo(a, Encoding.WBXML));
        assertTrue(r.ok(), r.toString());
        assertFalse(latch.holdsMemoSlowSync());

        SyncMessage accepted = memoAlert(bServer, "201", null, "N2", "meshchat");
        assertEquals("200", alertStatus(accepted, "1"));
        assertEquals(List.of("201"), serverAlerts(accepted), "our Alert: slow sync");
    }

    @Test
    void aTwoWayMemoSyncWhoseAnchorsDoNotMatchIsHeldRatherThanAnswered508() {
        b.store.write(tx -> {
            tx.saveSyncState(memoKey(), new SyncState("N1", "S1", 0));
            return null;
        });
        SyncMessage held = memoAlert(bServer, "200", "some-other-anchor", "N2", "meshchat");
        assertEquals("503", alertStatus(held, "1"));
        assertTrue(b.store.read(tx -> tx.syncState(memoKey())).isPresent(), "the device's anchors are kept");
    }

    @Test
    void aRefreshFromClientIsHeldToo() {
        assertEquals("503", alertStatus(memoAlert(bServer, "203", null, "N1", "meshchat"), "1"));
    }

    @Test
    void aTwoWayMemoSyncIsNeverHeld() {
        b.store.write(tx -> {
            tx.saveSyncState(memoKey(), new SyncState("N1", "S1", 0));
            return null;
        });
        SyncMessage r = memoAlert(bServer, "200", "N1", "N2", "meshchat");
        assertEquals("200", alertStatus(r, "1"));
        assertEquals(List.of("200"), serverAlerts(r));
    }

    @Test
    void aNodeWithoutPeersNeverHolds() {
        SyncServer alone = new SyncServer(b.store, PeerNode.config("node-b", 1_000_000).withCatchUp(ZoneCatchUp.none()),
                Clock.systemUTC());
        SyncMessage r = memoAlert(alone, "201", null, "N1", "meshchat");
        assertEquals("200", alertStatus(r, "1"));
        assertEquals(List.of("201"), serverAlerts(r));
    }

    @Test
    void meshchatFullIsNotHeldAndTheSessionGoesOnForIt() {
        // one session alerting both datastores: the memo one waits, the lossless one (GUIDs) syncs
        SyncMessage r = memoAlerts(bServer, List.of(alert("1", "201", null, "N1", "meshchat"),
                alert("2", "201", null, "F1", MessageItem.DATASTORE)));
        assertEquals("503", alertStatus(r, "1"));
        assertEquals("200", alertStatus(r, "2"));
        assertEquals(List.of("201"), serverAlerts(r), "our Alert for meshchat-full only");
        // and a peer node's slow sync on meshchat-full against the holding node completes
        PeerNode c = PeerNode.of(dir, "node-c");
        try {
            b.accepts(c, "c-to-b");
            PeerSessionResult s = c.client.sync(new PeerLink(b.url(), c.name, "c-to-b", Encoding.WBXML),
                    new InMemoryExchange(bServer, b.url(), Encoding.WBXML, "127.0.0.3"));
            assertTrue(s.ok(), s.toString());
            assertEquals("slow", s.mode());
            assertEquals(1, c.messages().size());
        } finally {
            c.close();
        }
    }

    // --- a memo client's first message, by hand

    private ClientKey memoKey() {
        return new ClientKey("memo", "memo-dev", "meshchat");
    }

    private SyncMessage memoAlert(SyncServer server, String code, String last, String next, String datastore) {
        return memoAlerts(server, List.of(alert("1", code, last, next, datastore)));
    }

    private static Alert alert(String cmdId, String code, String last, String next, String datastore) {
        return new Alert(cmdId, false, null, code, List.of(Item.withData(Location.of(datastore), Location.of("./notes"),
                MetInf.EMPTY.withAnchor(new Anchor(last, next)), null)));
    }

    /** Package 1 of a memo client (basic auth), through the real codec; returns the server's package 2. */
    private SyncMessage memoAlerts(SyncServer server, List<Command> alerts) {
        Cred cred = new Cred(MetInf.EMPTY.withType(Authenticator.BASIC).withFormat("b64"),
                Base64.getEncoder().encodeToString("memo:memo-pw".getBytes(StandardCharsets.UTF_8)));
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, Integer.toString(++sessions), "1", Location.of(InMemoryExchange.ENDPOINT),
                new Location("memo-dev", "memo"), null, false, cred, MetInf.EMPTY.withMaxMsgSize(100_000L));
        SyncMessage in;
        try {
            in = SyncMLCodec.decode(SyncMLCodec.encode(new SyncMessage(h, alerts, true), Encoding.XML), Encoding.XML);
        } catch (meshchat.syncml.protocol.MalformedMessageException e) {
            throw new AssertionError("our codec could not read back what it wrote", e);
        }
        return server.handle(in, null, InMemoryExchange.ENDPOINT, Encoding.XML,
                m -> SyncMLCodec.encode(m, Encoding.XML).length, "127.0.0.9");
    }

    private static String alertStatus(SyncMessage reply, String cmdRef) {
        for (Command c : reply.commands()) {
            if (c instanceof Status st && "Alert".equals(st.cmd()) && cmdRef.equals(st.cmdRef())) {
                return st.data();
            }
        }
        throw new AssertionError("no status for Alert " + cmdRef + " in " + reply);
    }

    private static List<String> serverAlerts(SyncMessage reply) {
        List<String> codes = new ArrayList<>();
        for (Command c : reply.commands()) {
            if (c instanceof Alert al) {
                codes.add(al.data());
            }
        }
        return codes;
    }
}
