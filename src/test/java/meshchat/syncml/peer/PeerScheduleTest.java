package meshchat.syncml.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The scheduling rules on a clock the test moves: every decision counted, nothing waited for. */
class PeerScheduleTest {
    static final long INTERVAL = 30_000;

    @Test
    void firstSessionAtOnceThenOneIntervalAfterEachGoodOne() {
        PeerSchedule s = new PeerSchedule(INTERVAL, 1_000);
        assertEquals(1_000, s.due());
        s.started(1_000);
        s.finished(1_500, true);
        assertEquals(31_500, s.due());
    }

    @Test
    void aLocalChangeSyncsAfterOneQuietSecondNotAfterTheInterval() {
        PeerSchedule s = idle();
        s.changed(5_000);
        assertEquals(5_000 + PeerSchedule.QUIET_MS, s.due());
    }

    @Test
    void aBurstOfChangesIsOneSessionAtMostFiveSecondsAfterTheFirst() {
        PeerSchedule s = idle();
        int sessions = 0;
        long now = 5_000;
        for (int i = 0; i < 20; i++, now += 100) { // 20 posts, 100 ms apart
            if (s.due() <= now) {
                s.started(now);
                s.finished(now, true);
                sessions++;
            }
            s.changed(now);
        }
        assertEquals(0, sessions, "none while the burst goes on (2 s < the 5 s cap)");
        assertEquals(now - 100 + PeerSchedule.QUIET_MS, s.due(), "one, a quiet second after the last post");

        PeerSchedule steady = idle();
        for (long t = 5_000; t < 5_000 + 4_900; t += 100) {
            steady.changed(t);
        }
        assertEquals(5_000 + PeerSchedule.MAX_DELAY_MS, steady.due(), "an endless stream still syncs every 5 s");
    }

    @Test
    void aChangeDuringASessionMeansOneMoreSessionAfterIt() {
        PeerSchedule s = idle();
        s.changed(5_000);
        s.started(6_000);
        s.changed(6_200); // while the session runs
        s.finished(7_000, true);
        assertTrue(s.changesPending());
        assertEquals(6_200 + PeerSchedule.QUIET_MS, s.due());
    }

    @Test
    void anUnreachablePeerBacksOffDoublingFromTheIntervalUpToTenMinutes() {
        PeerSchedule s = new PeerSchedule(INTERVAL, 0);
        List<Long> waits = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 8; i++) {
            now = Math.max(now, s.due());
            s.started(now);
            s.finished(now, false);
            waits.add(s.due() - now);
        }
        assertEquals(List.of(30_000L, 60_000L, 120_000L, 240_000L, 480_000L, 600_000L, 600_000L, 600_000L), waits);

        now = s.due();
        s.started(now);
        s.finished(now, true);
        assertEquals(0, s.failures());
        assertEquals(now + INTERVAL, s.due(), "a success resets the back-off");
    }

    @Test
    void anIntervalLongerThanTenMinutesIsNotShortenedByTheBackOff() {
        PeerSchedule s = new PeerSchedule(3_600_000, 0);
        s.started(0);
        s.finished(0, false);
        s.started(s.due());
        s.finished(3_600_000, false);
        assertEquals(3_600_000, s.backoffMs());
    }

    @Test
    void aLocalChangeBypassesTheBackOffAtMostOncePerInterval() {
        PeerSchedule s = new PeerSchedule(INTERVAL, 0);
        for (int i = 0; i < 5; i++) { // back-off now 8 intervals
            long now = s.due();
            s.started(now);
            s.finished(now, false);
        }
        long failedAt = 240_000 + 120_000 + 60_000 + 30_000 + 0; // the fifth failure
        assertEquals(failedAt + 480_000, s.due());

        s.changed(failedAt + 1_000);
        long early = failedAt + 1_000 + PeerSchedule.QUIET_MS;
        assertEquals(early, s.due(), "the first change tries at once");
        s.started(early);
        s.finished(early + 100, false);

        s.changed(early + 5_000);
        assertEquals(early + INTERVAL, s.due(), "the next change waits until an interval after the early try");
        s.started(early + INTERVAL);
        s.finished(early + INTERVAL + 100, false);

        s.changed(early + INTERVAL + 200); // again: an interval after the last early try
        assertEquals(early + 2 * INTERVAL, s.due());
        int earlyTries = 0;
        long now = early + INTERVAL + 200;
        long end = now + 3_600_000;
        while (now < end) { // changes every second for an hour of back-off
            long due = s.due();
            if (due <= now) {
                s.started(now);
                s.finished(now, false);
                earlyTries++;
            }
            s.changed(now);
            now += 1_000;
        }
        assertTrue(earlyTries <= 3_600_000 / INTERVAL + 1, "at most one try per interval: " + earlyTries);
        assertTrue(earlyTries >= 3_600_000 / INTERVAL / 2, "but changes are still carried: " + earlyTries);
    }

    private static PeerSchedule idle() {
        PeerSchedule s = new PeerSchedule(INTERVAL, 0);
        s.started(0);
        s.finished(0, true);
        return s;
    }
}
