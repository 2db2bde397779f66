package meshchat.syncml.http;

import static meshchat.syncml.http.Cmds.alert;
import static meshchat.syncml.http.Cmds.hdr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 item 2: an MD5 credential is accepted only on a nonce we issued and that was not used
 * yet, never on the empty nonce; probes neither reset a device's nonce nor leave rows behind.
 */
class NonceRuleTest {
    @TempDir
    Path data;
    SyncEndpoint endpoint;
    Store store;

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
        store = endpoint.store;
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    /** Message 1 of a new session with an MD5 Cred of the given value, from device {@code device}. */
    private static byte[] message1(String device, String user, int sessionId, String credData) {
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, Integer.toString(sessionId), "1", Location.of("http://127.0.0.1/sync"),
                new Location(device, user), null, false,
                new Cred(MetInf.EMPTY.withFormat("b64").withType("syncml:auth-md5"), credData),
                MetInf.EMPTY.withMaxMsgSize(150_000L));
        return SyncMLCodec.encode(new SyncMessage(h, List.of(alert(201, null, "A1")), true), meshchat.syncml.protocol.Encoding.XML);
    }

    private boolean hasDeviceRow(String device) {
        return store.read(tx -> tx.nonce(device).isPresent() || tx.devInf(device).isPresent());
    }

    @Test
    void anEmptyNonceIsChallengedAndTheRetryOnTheGivenNonceIsAccepted() throws Exception {
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-new", "alice", "secret");
        c.retryOnChallenge = false;
        c.newSession();
        SyncMessage r = c.send(List.of(alert(201, null, "A1")), true);
        Status h = (Status) r.commands().get(0);
        assertEquals("401", h.data(), "b64(md5(digest \":\")) is the same forever: not a login");
        assertEquals("syncml:auth-md5", h.chal().type());
        assertNotNull(h.chal().nextNonce());
        assertEquals(1, r.commands().size());
        assertTrue(!hasDeviceRow("dev-new"), "no row for a device that has not logged in");
        c.newSession(); // as SyncEvolution: new SessionID, MsgID 1, Cred on the NextNonce
        assertEquals("212", hdr(c.send(List.of(alert(201, null, "A1")), true)));
        assertTrue(hasDeviceRow("dev-new"));
    }

    @Test
    void basicAuthNeedsNoNonce() throws Exception {
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, "1", "1", Location.of("http://127.0.0.1/sync"),
                new Location("dev-basic", "alice"), null, false,
                new Cred(MetInf.EMPTY.withFormat("b64").withType("syncml:auth-basic"),
                        java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                MetInf.EMPTY.withMaxMsgSize(150_000L));
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-basic", "alice", null);
        SyncMessage r = c.post(SyncMLCodec.encode(new SyncMessage(h, List.of(alert(201, null, "A1")), true),
                meshchat.syncml.protocol.Encoding.XML));
        assertEquals("212", hdr(r), "first contact with syncml:auth-basic logs in at once");
        assertEquals("syncml:auth-basic", ((Status) r.commands().get(0)).chal().type());
    }

    @Test
    void aCapturedCredentialCannotBeReplayed() throws Exception {
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-a", "alice", "secret");
        String emptyNonceCred = c.md5Cred(); // what SyncEvolution sends on first contact, in clear text
        c.newSession();
        assertEquals("212", hdr(c.send(List.of(alert(201, null, "A1")), true)));
        c.newSession();
        String onStoredNonce = c.md5Cred();
        byte[] captured = message1("dev-a", "alice", c.sessionId, onStoredNonce);
        assertEquals("212", hdr(c.post(captured)), "the owner's own login on the nonce of her last session");
        c.respUri = null;
        // the same credential again, in another session: its nonce is used up
        assertEquals("401", hdr(c.post(message1("dev-a", "alice", c.sessionId + 7, onStoredNonce))));
        // the first-contact credential on any device id that never logged in
        c.respUri = null;
        assertEquals("401", hdr(c.post(message1("dev-never-seen", "alice", 1, emptyNonceCred))));
        assertTrue(!hasDeviceRow("dev-never-seen"));
    }

    @Test
    void probesDoNotResetTheOwnersNonceNorLeaveRows() throws Exception {
        TestSyncClient owner = new TestSyncClient(endpoint.url, "dev-a", "alice", "secret");
        owner.newSession();
        assertEquals("212", hdr(owner.send(List.of(alert(201, null, "A1")), true)));
        String stored = store.read(tx -> tx.nonce("dev-a")).orElseThrow();
        assertEquals(owner.nonce, stored);
        try (TestSyncClient prober = new TestSyncClient(endpoint.url, "dev-a", "alice", "guess").from("127.0.0.2")) {
            prober.nonce = stored; // the NextNonce travelled in clear text too
            for (int i = 0; i < 3; i++) {
                prober.newSession();
                assertEquals("401", hdr(prober.send(List.of(alert(201, null, "P1")), true)), "wrong password");
                prober.password = null;
                prober.newSession();
                assertEquals("407", hdr(prober.send(List.of(alert(201, null, "P1")), true)), "no Cred");
                prober.password = "guess";
            }
            for (int i = 0; i < 5; i++) {
                try (TestSyncClient ghost = new TestSyncClient(endpoint.url, "ghost-" + i, "alice", "guess").from("127.0.0.3")) {
                    ghost.newSession();
                    assertNotEquals("212", hdr(ghost.send(List.of(alert(201, null, "G1")), true)));
                    ghost.password = null;
                    ghost.newSession();
                    assertEquals("407", hdr(ghost.send(List.of(alert(201, null, "G1")), true)));
                }
                assertTrue(!hasDeviceRow("ghost-" + i), "no row for ghost-" + i);
            }
        }
        assertEquals(stored, store.read(tx -> tx.nonce("dev-a")).orElseThrow(), "the owner's nonce is untouched");
        owner.retryOnChallenge = false;
        owner.newSession();
        assertEquals("212", hdr(owner.send(List.of(alert(200, "A1", "A2")), true)), "her stored nonce still works");
    }
}
