package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import meshchat.syncml.engine.LoginThrottle;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Digest replay guard remembers a bounded number of used nonces; filling it (any account can,
 * with logins of its own) must never make a used nonce acceptable again within its life: qop=auth
 * does not cover the body, so a sniffed POST replayed from another host could carry any body.
 */
class DigestReplayGuardTest {
    private static final String URI = "/api/messages";

    @TempDir
    Path dir;

    private Store store;
    private final Ticking clock = new Ticking();

    /** A clock that moves 1 ms per read, so every challenge is a new nonce; the test can jump it. */
    static final class Ticking extends Clock {
        final AtomicLong ms = new AtomicLong(1_800_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(ms.incrementAndGet());
        }
    }

    @BeforeEach
    void accounts() {
        store = Store.open(dir);
        store.write(tx -> {
            tx.putAccount(new Account("root", Account.md5Digest("root", "admin"), true, "K1ADM"));
            tx.putAccount(new Account("mallory", Account.md5Digest("mallory", "m"), false, "N0BAD"));
            tx.saveHttpDigestHa1(tx.account("root").orElseThrow(), HttpDigest.ha1("root", "admin"));
            tx.saveHttpDigestHa1(tx.account("mallory").orElseThrow(), HttpDigest.ha1("mallory", "m"));
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DigestAuth digest(int noncesKept) {
        return new DigestAuth(store, new LoginThrottle(LoginThrottle.Settings.defaults(), clock), clock, noncesKept);
    }

    private static String header(String user, String password, String nonce, String nc, String method) {
        String ha1 = HttpDigest.ha1(user, password);
        String response = HttpDigest.md5Hex(ha1 + ":" + nonce + ":" + nc + ":c0ffee:auth:" + HttpDigest.md5Hex(method + ":" + URI));
        return "Digest username=\"" + user + "\", realm=\"meshchat\", nonce=\"" + nonce + "\", uri=\"" + URI
                + "\", qop=auth, nc=" + nc + ", cnonce=\"c0ffee\", response=\"" + response + "\", algorithm=MD5";
    }

    private static String nonce(DigestAuth d) {
        return DigestAuth.params(d.challenge(false).substring(7)).get("nonce");
    }

    /** mallory logs in n times, each with a fresh nonce, from her own host. */
    private static void flood(DigestAuth d, int n) {
        for (int i = 0; i < n; i++) {
            assertTrue(d.check(header("mallory", "m", nonce(d), "00000001", "GET"), "GET", URI, "127.0.0.9")
                    .account().isPresent());
        }
    }

    /** As with the real table (4,096): as many logins of any account used to push the victim's nonce out. */
    @Test
    void aSniffedRequestStaysRefusedAfterAnotherAccountFillsTheNonceTable() {
        DigestAuth d = digest(8);
        String sniffed = header("root", "admin", nonce(d), "00000001", "POST");
        assertTrue(d.check(sniffed, "POST", URI, "127.0.0.2").account().isPresent(), "the admin's own request");
        assertFalse(d.check(sniffed, "POST", URI, "127.0.0.9").account().isPresent(), "a replay is refused");
        flood(d, 8);
        assertFalse(d.check(sniffed, "POST", URI, "127.0.0.9").account().isPresent(),
                "the sniffed admin POST, replayed from another host within the nonce's life, stays refused");
        assertTrue(d.noncesRemembered() <= 8, "memory stays bounded");
    }

    @Test
    void aForgottenNonceIsStaleForEveryCountNeverAcceptedAgain() {
        DigestAuth d = digest(8);
        String n = nonce(d);
        assertTrue(d.check(header("root", "admin", n, "00000001", "POST"), "POST", URI, "127.0.0.2").account().isPresent());
        flood(d, 20);
        for (String nc : new String[] {"00000001", "00000002", "ffffffff"}) {
            DigestAuth.Result r = d.check(header("root", "admin", n, nc, "POST"), "POST", URI, "127.0.0.9");
            assertFalse(r.account().isPresent(), "nc " + nc + " on a forgotten nonce");
            assertTrue(r.stale(), "answered stale: an honest client retries with a fresh nonce");
        }
        assertTrue(d.noncesRemembered() <= 8);
    }

    @Test
    void anHonestClientWhoseNonceFellBelowTheFloorLogsInWithAFreshOne() {
        DigestAuth d = digest(8);
        String early = nonce(d); // fetched, not used yet
        flood(d, 20);
        DigestAuth.Result r = d.check(header("root", "admin", early, "00000001", "GET"), "GET", URI, "127.0.0.2");
        assertFalse(r.account().isPresent());
        assertTrue(r.stale());
        String fresh = nonce(d);
        assertTrue(d.check(header("root", "admin", fresh, "00000001", "GET"), "GET", URI, "127.0.0.2").account().isPresent());
        assertTrue(d.check(header("root", "admin", fresh, "00000002", "GET"), "GET", URI, "127.0.0.2").account().isPresent(),
                "a remembered nonce goes on with growing counts");
        assertFalse(d.check(header("root", "admin", fresh, "00000002", "GET"), "GET", URI, "127.0.0.9").account().isPresent());
    }

    @Test
    void aRememberedNonceKeepsWorkingUntilItIsTheOldestForgotten() {
        DigestAuth d = digest(8);
        String n = nonce(d);
        assertTrue(d.check(header("root", "admin", n, "00000001", "GET"), "GET", URI, "127.0.0.2").account().isPresent());
        flood(d, 7); // the table is full, n the oldest in it
        assertTrue(d.check(header("root", "admin", n, "00000002", "GET"), "GET", URI, "127.0.0.2").account().isPresent(),
                "still remembered: accepted with a higher count");
        flood(d, 1); // n goes, and the floor rises to it
        DigestAuth.Result r = d.check(header("root", "admin", n, "00000003", "GET"), "GET", URI, "127.0.0.2");
        assertFalse(r.account().isPresent());
        assertTrue(r.stale());
    }

    @Test
    void expiredNoncesLeaveTheTableWithoutRaisingTheFloor() {
        DigestAuth d = digest(8);
        flood(d, 8);
        assertEquals(8, d.noncesRemembered());
        clock.ms.addAndGet(DigestAuth.NONCE_LIFE.toMillis() + 1);
        String early = nonce(d);
        flood(d, 3);
        assertEquals(3, d.noncesRemembered(), "the expired ones are gone");
        assertTrue(d.check(header("root", "admin", early, "00000001", "GET"), "GET", URI, "127.0.0.2").account().isPresent(),
                "dropping expired nonces staled nothing still valid");
    }
}
