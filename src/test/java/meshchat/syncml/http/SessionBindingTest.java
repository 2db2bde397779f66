package meshchat.syncml.http;

import static meshchat.syncml.http.Cmds.add;
import static meshchat.syncml.http.Cmds.alert;
import static meshchat.syncml.http.Cmds.delete;
import static meshchat.syncml.http.Cmds.hdr;
import static meshchat.syncml.http.Cmds.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 1: a session is continued only by its own device and account, and, when found
 * without its RespURI token, only from the address it started from (127.0.0.2 plays a stranger
 * elsewhere on the mesh). A message that does not belong changes nothing in the session it names.
 */
class SessionBindingTest {
    @TempDir
    Path data;
    SyncEndpoint endpoint;
    Store store;

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
        store = endpoint.store;
        store.write(tx -> {
            tx.putAccount(Account.withPassword("bob", "bobpw", false, "B0B"));
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private List<String> texts() {
        return store.read(tx -> tx.newest(100, null, null)).stream().map(Message::text).sorted().toList();
    }

    /** A whole slow sync storing one memo under {@code luid}; the client's next anchor is A1. */
    private void slowSync(TestSyncClient c, String luid, String text) throws Exception {
        c.newSession();
        assertEquals("212", hdr(c.send(List.of(alert(201, null, "A1")), true)));
        c.send(List.of(sync(add(3, luid, text))), true);
        assertTrue(c.send(List.of(), true).fin());
    }

    @Test
    void strangerWithoutCredentialsCannotWriteOrPurgeInAnAdminsSession() throws Exception {
        TestSyncClient root = new TestSyncClient(endpoint.url, "dev-root", "root", "admin");
        slowSync(root, "r1", "root's words");
        root.newSession();
        assertEquals("212", hdr(root.send(List.of(alert(200, "A1", "A2")), true)));
        try (TestSyncClient stranger = new TestSyncClient(endpoint.url, "dev-root", "root", null).from("127.0.0.2")) {
            stranger.sessionId = root.sessionId;
            stranger.msgId = 1;
            SyncMessage r = stranger.send(List.of(sync(add(3, "s1", "stranger text"), delete(4, "r1"))), true);
            assertEquals("407", hdr(r), "a message from elsewhere is a new session start: credentials required");
            assertEquals(1, r.commands().size());
        }
        assertEquals(List.of("root's words"), texts(), "nothing stored, nothing purged");
        assertEquals("200", hdr(root.send(List.of(sync()), true)), "root's own session goes on");
    }

    @Test
    void bobLoggedInOnHisDeviceCannotWriteThroughAlicesRespUri() throws Exception {
        TestSyncClient alice = new TestSyncClient(endpoint.url, "dev-alice", "alice", "secret");
        alice.newSession();
        assertEquals("212", hdr(alice.send(List.of(alert(201, null, "A1")), true)));
        TestSyncClient bob = new TestSyncClient(endpoint.url, "dev-bob", "bob", "bobpw");
        bob.newSession();
        assertEquals("212", hdr(bob.send(List.of(alert(201, null, "B1")), true)));
        bob.respUri = alice.respUri;
        assertEquals("403", hdr(bob.send(List.of(sync(add(3, "b1", "bob as alice"))), true)));
        // ... nor by naming her device while carrying his own credentials
        TestSyncClient bobAsAliceDevice = new TestSyncClient(endpoint.url, "dev-alice", "bob", "bobpw");
        bobAsAliceDevice.nonce = bob.nonce;
        bobAsAliceDevice.sessionId = alice.sessionId;
        bobAsAliceDevice.respUri = alice.respUri;
        bobAsAliceDevice.retryOnChallenge = false;
        SyncMessage r = bobAsAliceDevice.send(List.of(sync(add(3, "b2", "bob as alice again"))), true);
        assertEquals("403", hdr(r));
        assertEquals(1, r.commands().size());
        assertEquals(List.of(), texts());
        assertEquals("200", hdr(alice.send(List.of(sync(add(3, "a1", "alice's own"))), true)));
        assertEquals(List.of("alice's own"), texts());
        assertEquals("N0CALL", store.read(tx -> tx.newest(1, null, null)).get(0).callSign());
    }

    @Test
    void aSniffedRespUriUsedFromAnotherHostWithHerDeviceIdIsRefused() throws Exception {
        TestSyncClient alice = new TestSyncClient(endpoint.url, "dev-alice", "alice", "secret");
        alice.newSession();
        assertEquals("212", hdr(alice.send(List.of(alert(201, null, "A1")), true)));
        try (TestSyncClient stranger = new TestSyncClient(endpoint.url, "dev-alice", "alice", null).from("127.0.0.2")) {
            stranger.sessionId = alice.sessionId;
            stranger.respUri = alice.respUri; // token, device id and SessionID all travel in clear text
            stranger.msgId = 5;
            SyncMessage r = stranger.send(List.of(sync(add(3, "s1", "stranger as alice"))), true);
            assertEquals("403", hdr(r));
            assertEquals(1, r.commands().size());
        }
        assertEquals(List.of(), texts(), "nothing stored");
        assertEquals("200", hdr(alice.send(List.of(sync(add(3, "a1", "alice's own"))), true)), "her session goes on");
        assertEquals(List.of("alice's own"), texts());
    }

    @Test
    void aStrangersLowerMsgIdDoesNotEndAlicesSession() throws Exception {
        TestSyncClient alice = new TestSyncClient(endpoint.url, "dev-alice", "alice", "secret");
        alice.newSession();
        assertEquals("212", hdr(alice.send(List.of(alert(201, null, "A1")), true)));
        assertEquals("200", hdr(alice.send(List.of(sync(add(3, "a1", "first"))), false)));
        try (TestSyncClient stranger = new TestSyncClient(endpoint.url, "dev-alice", "alice", null).from("127.0.0.2")) {
            stranger.sessionId = alice.sessionId;
            assertEquals("407", hdr(stranger.send(List.of(alert(201, null, "X1")), true)), "plain URL");
            stranger.respUri = alice.respUri; // a token sniffed off the air, without her credentials
            stranger.msgId = 0;
            assertEquals("403", hdr(stranger.send(List.of(alert(201, null, "X1")), true)), "her RespURI from elsewhere");
        }
        SyncMessage r = alice.send(List.of(sync(add(4, "a2", "second"))), true);
        assertEquals("200", hdr(r), "her session is still there");
        assertEquals(List.of("first", "second"), texts());
    }

    @Test
    void aClientIgnoringRespUriCompletesFromItsAddressButNotFromAnother() throws Exception {
        TestSyncClient old = new TestSyncClient(endpoint.url, "dev-old", "alice", "secret");
        old.ignoreRespUri = true;
        slowSync(old, "o1", "old client");
        assertEquals(List.of("old client"), texts());

        old.newSession();
        assertEquals("212", hdr(old.send(List.of(alert(200, "A1", "A2")), true)));
        try (TestSyncClient stranger = new TestSyncClient(endpoint.url, "dev-old", "alice", null).from("127.0.0.2")) {
            stranger.ignoreRespUri = true;
            stranger.sessionId = old.sessionId;
            stranger.msgId = 1;
            assertEquals("407", hdr(stranger.send(List.of(sync(add(3, "x1", "from elsewhere"))), true)));
        }
        assertEquals("200", hdr(old.send(List.of(sync(add(3, "o2", "still mine"))), true)));
        assertEquals(List.of("old client", "still mine"), texts());

        // after a restart the client reuses the SessionID from MsgID 1: a new session, not a stale one
        old.msgId = 0;
        assertEquals("212", hdr(old.send(List.of(alert(200, "A1", "A3")), true)));
        assertEquals("200", hdr(old.send(List.of(sync(add(3, "o3", "after restart"))), true)));
        assertEquals(List.of("after restart", "old client", "still mine"), texts());
    }

    /** Review finding: another account at the same address took over the fallback key of her session. */
    @Test
    void anotherAccountAtTheSameAddressCannotTakeOverAFallbackSession() throws Exception {
        TestSyncClient old = new TestSyncClient(endpoint.url, "dev-old", "alice", "secret");
        old.ignoreRespUri = true;
        slowSync(old, "o1", "old client");
        old.newSession();
        assertEquals("212", hdr(old.send(List.of(alert(200, "A1", "A2")), true)));
        TestSyncClient bob = new TestSyncClient(endpoint.url, "dev-old", "bob", "bobpw"); // same address, her device id
        bob.sessionId = old.sessionId;
        bob.msgId = 0;
        bob.nonce = old.nonce; // nonces are per device id and travel in clear text
        bob.retryOnChallenge = false; // a retry would take a new SessionID
        assertEquals("212", hdr(bob.send(List.of(alert(201, null, "B1")), true)));
        assertEquals("200", hdr(old.send(List.of(sync(add(3, "o2", "still alice's"))), true)));
        Message m = store.read(tx -> tx.newest(10, null, null)).stream()
                .filter(x -> x.text().equals("still alice's")).findFirst().orElseThrow();
        assertEquals("N0CALL", m.callSign(), "her message is hers, not posted in bob's session");
    }
}
