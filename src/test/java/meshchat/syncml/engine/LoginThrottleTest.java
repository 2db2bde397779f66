package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The back-off itself, on a clock the test moves: doubling, capped, per address, bounded in memory. */
class LoginThrottleTest {
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");

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
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottle.Settings(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(30), 100), clock);

    @Test
    void backOffStartsAfterTheFreeFailuresDoublesAndIsCapped() {
        for (int i = 0; i < 3; i++) {
            assertFalse(throttle.blocked("alice", "evil", "10.0.0.9"));
            throttle.failed("alice", "evil", "10.0.0.9");
        }
        for (long expected : new long[] {1, 2, 4, 8, 8}) {
            assertTrue(throttle.blocked("alice", "evil", "10.0.0.9"));
            clock.now = clock.now.plusSeconds(expected).minusMillis(1);
            assertTrue(throttle.blocked("alice", "evil", "10.0.0.9"), "still in a back-off of " + expected + " s");
            clock.now = clock.now.plusMillis(1);
            assertFalse(throttle.blocked("alice", "evil", "10.0.0.9"), "back-off of " + expected + " s over");
            throttle.failed("alice", "evil", "10.0.0.9");
        }
        assertEquals(8, throttle.failures());
    }

    @Test
    void theOwnerElsewhereIsNeverBlockedAndASuccessClearsTheCount() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "evil", "10.0.0.9");
        }
        assertTrue(throttle.blocked("alice", "other-device", "10.0.0.9"), "the account, from the attacker's address");
        assertTrue(throttle.blocked("bob", "evil", "10.0.0.9"), "the device id, from the attacker's address");
        assertFalse(throttle.blocked("alice", "dev-alice", "10.0.0.1"), "the owner from her own host");
        throttle.succeeded("alice", "evil", "10.0.0.9");
        assertFalse(throttle.blocked("alice", "evil", "10.0.0.9"));
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfNewKeys() {
        for (int i = 0; i < 10_000; i++) {
            throttle.failed("user" + i, "dev" + i, "10.0.0.9");
        }
        // two keys per failure, at most 100 kept: the newest survive
        assertTrue(throttle.blocked("user9999", "x", "10.0.0.9") || !throttle.blocked("user0", "x", "10.0.0.9"));
        assertFalse(throttle.blocked("user0", "dev0", "10.0.0.9"), "the oldest were forgotten");
    }

    @Test
    void pendingChallengesAreBoundedInNumberAndAgeAndWorkOnce() {
        PendingNonces pending = new PendingNonces(clock, Duration.ofMinutes(5), 3);
        pending.put("dev-1", "10.0.0.1", "n1");
        assertNull(pending.take("dev-1", "10.0.0.2"), "another address has no challenge of dev-1's");
        assertEquals("n1", pending.take("dev-1", "10.0.0.1"));
        assertNull(pending.take("dev-1", "10.0.0.1"), "used once");
        for (int i = 0; i < 10; i++) {
            pending.put("dev-" + i, "10.0.0.1", "n" + i);
        }
        assertTrue(pending.size() <= 3);
        assertEquals("n9", pending.take("dev-9", "10.0.0.1"));
        pending.put("dev-x", "10.0.0.1", "nx");
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertNull(pending.take("dev-x", "10.0.0.1"), "too old");
    }

    /** Review finding: a flood of failures under new names evicted the oldest key, even one in back-off. */
    @Test
    void aFloodOfNewNamesNeverWipesABackOff() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "evil", "10.0.0.9");
        }
        assertTrue(throttle.blocked("alice", "evil-2", "10.0.0.9"), "alice in back-off from this address");
        for (int i = 0; i < 500; i++) { // 1,000 keys against a table of 100
            clock.now = clock.now.plusMillis(1);
            throttle.failed("x" + i, "r" + i, "10.0.0.9");
        }
        assertTrue(throttle.blocked("alice", "evil-3", "10.0.0.9"), "alice's back-off survives the flood");
    }

    /**
     * When every key is in back-off, a login whose failures could not be counted is refused (fail
     * closed); filling the table takes many addresses, each limited to its share.
     */
    @Test
    void aTableFullOfBackOffsFromManyHostsFailsClosed() {
        int share = LoginThrottle.perAddress(100);
        for (int host = 0; host * share < 100; host++) {
            for (int i = 0; i < share; i++) {
                for (int k = 0; k < 3; k++) {
                    throttle.failed("u" + i, null, "10.0.1." + host);
                }
            }
        }
        assertEquals(100, throttle.size());
        assertTrue(throttle.blocked("newcomer", null, "10.0.0.1"), "untrackable while the table is full of back-offs");
        clock.now = clock.now.plusSeconds(2); // the 1 s back-offs are over: their keys can go
        assertFalse(throttle.blocked("newcomer", null, "10.0.0.1"));
    }

    /** Security audit: one host guessing made-up names filled the table and every other host was refused. */
    @Test
    void oneHostGuessingManyNamesNeverLocksOtherHostsOut() {
        LoginThrottle t = new LoginThrottle(LoginThrottle.Settings.defaults(), clock);
        // 5,000 made-up names x 5 wrong passwords from one host: 25,000 requests, every key pair in back-off
        for (int n = 0; n < 5_000; n++) {
            for (int i = 0; i < 5; i++) {
                t.failed("nobody" + n, "dev" + n, "127.0.0.66");
            }
        }
        clock.now = clock.now.plusMillis(500);
        assertFalse(t.blocked("alice", "dev-a", "127.0.0.5"),
                "alice, who never failed, logging in from her own host, is not refused because of another host");
        assertTrue(t.blocked("nobody4999", "dev4999", "127.0.0.66"), "the guessing host is refused: its share is full");
        assertTrue(t.blocked("nobody0", "dev0", "127.0.0.66"), "and its back-offs were kept");
        assertEquals(LoginThrottle.perAddress(10_000), t.size(), "one host owns at most its share of the table");
    }

    @Test
    void anAddressOverItsShareIsRefusedAloneAndOnlyUntilItsBackOffsEnd() {
        int share = LoginThrottle.perAddress(100);
        for (int i = 0; i < share; i++) {
            for (int k = 0; k < 3; k++) {
                throttle.failed("u" + i, null, "10.0.0.9");
            }
        }
        assertTrue(throttle.blocked("alice", null, "10.0.0.9"), "a new key from the full address cannot be counted");
        throttle.failed("alice", null, "10.0.0.9");
        assertEquals(share, throttle.size(), "nor is it added");
        assertFalse(throttle.blocked("alice", null, "10.0.0.1"), "another host");
        throttle.failed("alice", null, "10.0.0.1");
        assertEquals(share + 1, throttle.size(), "another host's failures are still counted");
        clock.now = clock.now.plusSeconds(2);
        assertFalse(throttle.blocked("alice", null, "10.0.0.9"), "back-offs over: the address's old keys make room");
        throttle.failed("alice", null, "10.0.0.9");
        assertTrue(throttle.size() <= share + 1);
    }

    @Test
    void aSyncMLLoginNeedsRoomForBothItsKeys() {
        int share = LoginThrottle.perAddress(100);
        for (int i = 0; i < share - 1; i++) {
            for (int k = 0; k < 3; k++) {
                throttle.failed("u" + i, null, "10.0.0.9");
            }
        }
        assertTrue(throttle.blocked("alice", "dev-x", "10.0.0.9"), "account and device key: two, one place left");
        assertFalse(throttle.blocked("alice", null, "10.0.0.9"), "one key fits");
    }
}
