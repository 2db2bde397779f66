package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.store.Account;

/** The server role's session registry, without HTTP or a store: lookup, supersede, fallback key, expiry, per-account count. */
class SessionRegistryTest {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final Account ALICE = Account.user("alice", "pw", null);
    static final Account BOB = Account.user("bob", "pw", null);

    final SessionRegistry sessions = new SessionRegistry(Duration.ofMinutes(5), new SecureRandom());

    Session open(String device, String sessionId, String address, Account a, Instant now) {
        return sessions.open(device, sessionId, address, SyncMLVersion.V1_2, a, Encoding.XML, now);
    }

    @Test
    void aSessionIsFoundByItsTokenOrByDeviceSessionIdAndAddressOnly() {
        Session s = open("dev-1", "7", "127.0.0.2", ALICE, T0);
        assertSame(s, sessions.byToken(s.token));
        assertSame(s, sessions.byFallback("dev-1", "7", "127.0.0.2"));
        assertNull(sessions.byFallback("dev-1", "7", "127.0.0.3"), "the same ids from another host find nothing");
        assertNull(sessions.byFallback("dev-1", "8", "127.0.0.2"));
        assertNull(sessions.byToken("not-a-token"));
        assertNull(sessions.byToken(null));
    }

    @Test
    void aNewLoginOfTheDeviceSupersedesItsEarlierSessionButNotAnotherAccountsAtTheSameKey() {
        Session first = open("dev-1", "7", "127.0.0.2", ALICE, T0);
        Session bobs = open("dev-1", "7", "127.0.0.2", BOB, T0); // another account behind the same NAT and ids
        assertSame(first, sessions.byFallback("dev-1", "7", "127.0.0.2"), "the first keeps the fallback key");
        assertSame(bobs, sessions.byToken(bobs.token));
        Session again = open("dev-1", "8", "127.0.0.2", ALICE, T0);
        assertNull(sessions.byToken(first.token), "alice's earlier session on dev-1 is gone");
        assertSame(bobs, sessions.byToken(bobs.token), "bob's stays");
        assertNotEquals(first.token, again.token);
        assertEquals(2, sessions.size());
    }

    @Test
    void unfinishedSessionsOnOtherDevicesCountForTheCapAndIdleOnesExpire() {
        Session a1 = open("dev-1", "1", "127.0.0.2", ALICE, T0);
        Session a2 = open("dev-2", "1", "127.0.0.2", ALICE, T0.plusSeconds(200));
        open("dev-3", "1", "127.0.0.2", BOB, T0);
        assertEquals(2, sessions.openElsewhere("alice", "dev-9", null));
        assertEquals(1, sessions.openElsewhere("alice", "dev-1", null), "dev-1's own session is superseded, not counted");
        assertEquals(1, sessions.openElsewhere("alice", "dev-9", a2), "the session being replaced is not counted");
        a1.phase = Phase.DONE;
        assertEquals(1, sessions.openElsewhere("alice", "dev-9", null), "a finished session is kept for replay only");

        sessions.expire(T0.plus(Duration.ofMinutes(5))); // idle exactly the timeout: kept
        assertEquals(3, sessions.size());
        sessions.expire(T0.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertNull(sessions.byToken(a1.token));
        assertSame(a2, sessions.byToken(a2.token), "active 200 s later: still there");
        assertNull(sessions.byFallback("dev-1", "1", "127.0.0.2"), "an expired session leaves its fallback key too");
        assertEquals(1, sessions.size());
    }

    @Test
    void unfinishedSessionsThatTimeOutOrAreSupersededAreReportedAbandonedFinishedOnesAreNot() {
        java.util.List<Session> abandoned = new java.util.ArrayList<>();
        sessions.onAbandoned(abandoned::add);
        Session done = open("dev-1", "1", "127.0.0.2", ALICE, T0);
        done.phase = Phase.DONE; // kept for replay, then expired: not abandoned
        Session idle = open("dev-2", "1", "127.0.0.2", ALICE, T0);
        Session superseded = open("dev-3", "1", "127.0.0.2", BOB, T0.plusSeconds(290));
        Session again = open("dev-3", "2", "127.0.0.2", BOB, T0.plusSeconds(295));
        assertEquals(java.util.List.of(superseded), abandoned, "a new login of dev-3 abandons its unfinished session");
        sessions.expire(T0.plusSeconds(301));
        assertEquals(java.util.List.of(superseded, idle), abandoned, "the idle unfinished one, not the finished one");
        assertSame(again, sessions.byToken(again.token));
        assertNull(sessions.byToken(done.token));
    }

    private Session holding(String device, long bytes, Phase phase) {
        Session s = open(device, "1", "127.0.0.2", ALICE, T0);
        s.retainedBytes = bytes;
        s.phase = phase;
        return s;
    }

    @Test
    void overTheBudgetFinishedSessionsGoFirstThenTheLargestNeverTheBusyNorTheOneAnswered() {
        java.util.List<Session> abandoned = new java.util.ArrayList<>();
        sessions.onAbandoned(abandoned::add);
        Session answered = holding("answered", 400, Phase.CLIENT_SYNC);
        Session finished = holding("finished", 100, Phase.DONE);
        Session big = holding("big", 500, Phase.CLIENT_SYNC);
        Session busy = holding("busy", 900, Phase.CLIENT_SYNC);
        busy.busy = true;
        Session small = holding("small", 200, Phase.CLIENT_SYNC);
        holding("empty", 0, Phase.INIT);

        assertEquals(java.util.List.of(), sessions.shed(2_100, answered), "within the budget: nothing");
        // 2,100 held, budget 1,500: the finished one (100) first, then the largest not busy (500)
        assertEquals(java.util.List.of(finished, big), sessions.shed(1_500, answered));
        assertEquals(java.util.List.of(big), abandoned, "only an unfinished one is reported abandoned");
        assertSame(answered, sessions.byToken(answered.token));
        assertSame(busy, sessions.byToken(busy.token));
        assertSame(small, sessions.byToken(small.token));
        assertEquals(4, sessions.size());
    }

    @Test
    void theSessionAnsweredGoesWhenItsCarriedCommandsPassAQuarterOfTheBudget() {
        Session hog = holding("hog", 300, Phase.CLIENT_SYNC);
        hog.carriedBytes = 260;
        Session other = holding("other", 100, Phase.CLIENT_SYNC);
        assertEquals(java.util.List.of(hog), sessions.shed(1_000, hog));
        assertNull(sessions.byToken(hog.token));
        assertSame(other, sessions.byToken(other.token));
        assertEquals(java.util.List.of(), sessions.shed(1_000, hog), "forgotten once");
    }
}
