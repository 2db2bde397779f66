package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security audit: one host sending first messages under many made-up device ids pushed every other
 * client's pending challenge out of the table, so a first-contact MD5 login from another host
 * (challenge, then the answer on that nonce) failed again and again while the flood went on.
 */
class PendingNoncesFloodTest {
    @TempDir
    static Path dir;
    static Store store;

    @BeforeAll
    static void open() {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("alice", "secret", "K1ALI"));
            return null;
        });
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static SyncHdr hdr(String device, String user, Cred cred) {
        return new SyncHdr(SyncMLVersion.V1_2, "1", "1", Location.of("http://127.0.0.1/sync"),
                new Location(device, user), null, false, cred, MetInf.EMPTY.withMaxMsgSize(150_000L));
    }

    private static Cred md5(String user, String password, String nonceB64) {
        return new Cred(MetInf.EMPTY.withFormat("b64").withType(Authenticator.MD5),
                Authenticator.md5Cred(Authenticator.userPassDigest(user, password), Base64.getDecoder().decode(nonceB64)));
    }

    @Test
    void aFloodOfMadeUpDevicesFromOneHostNeverPushesOutAnotherHostsChallenge() {
        ServerConfig config = ServerConfig.defaults("node-p");
        int max = config.guards().pendingNonces();
        Login login = new Login(store, config, Clock.systemUTC(), new LoginThrottle(config.guards().throttle(), Clock.systemUTC()));
        for (int round = 0; round < 3; round++) {
            String device = "dev-victim-" + round;
            // first contact from 127.0.0.1: no Cred, challenged with a nonce kept for this device at this address
            Login.Result chal = login.login(hdr(device, "alice", null), device, "127.0.0.1");
            assertEquals(StatusCode.MISSING_CREDENTIALS, chal.status());
            String nonce = chal.chal().nextNonce();
            assertNotNull(nonce);
            // meanwhile 127.0.0.66 sends first messages under twice the table's size of made-up device ids
            for (int i = 0; i < 2 * max; i++) {
                String fake = "fake-" + round + "-" + i;
                login.login(hdr(fake, "nobody", null), fake, "127.0.0.66");
            }
            assertTrue(login.pendingChallenges() <= max, "memory stays bounded: " + login.pendingChallenges());
            // the victim answers its challenge
            Login.Result r = login.login(hdr(device, "alice", md5("alice", "secret", nonce)), device, "127.0.0.1");
            assertEquals(StatusCode.AUTHENTICATION_ACCEPTED, r.status(),
                    "round " + round + ": the first-contact login from 127.0.0.1 survives 127.0.0.66's flood");
        }
        assertTrue(login.pendingChallenges() <= LoginThrottle.perAddress(max), "the flooder holds only its share");
    }

    @Test
    void anAddressOverItsShareLosesItsOwnOldestAndAFullTableTheBiggestHoldersOldest() {
        LoginThrottleTest.ManualClock clock = new LoginThrottleTest.ManualClock();
        PendingNonces pending = new PendingNonces(clock, java.time.Duration.ofMinutes(5), 100);
        int share = LoginThrottle.perAddress(100);
        assertEquals(16, share);
        pending.put("victim", "127.0.0.1", "nv");
        for (int i = 0; i < 1_000; i++) {
            clock.now = clock.now.plusMillis(1);
            pending.put("fake-" + i, "127.0.0.66", "n" + i);
        }
        assertEquals(share, pending.held("127.0.0.66"), "the flooder keeps only its share");
        assertEquals("n999", pending.take("fake-999", "127.0.0.66"), "its newest");
        assertEquals(null, pending.take("fake-0", "127.0.0.66"), "its oldest went");
        // a table full of many hosts' challenges: the victim's single one outlives the biggest holders'
        for (int host = 2; host < 60; host++) {
            for (int i = 0; i < share; i++) {
                clock.now = clock.now.plusMillis(1);
                pending.put("d" + i, "127.0.1." + host, "x");
            }
        }
        assertTrue(pending.size() <= 100, "bounded: " + pending.size());
        assertEquals("nv", pending.take("victim", "127.0.0.1"));
        clock.now = clock.now.plus(java.time.Duration.ofMinutes(6));
        pending.put("late", "127.0.0.2", "nl");
        assertEquals(1, pending.size(), "expired challenges are dropped");
    }
}
