package meshchat.syncml.peer;

/**
 * When the next session with one peer is due: a pure function of what happened, in milliseconds
 * of a monotonic clock, so the rules are tested without waiting.
 *
 * <ul>
 * <li>Periodic: one interval after the end of the last good session (the first one at once).
 * <li>Soon after a local change: once changes have been quiet for {@link #QUIET_MS}, at most
 *     {@link #MAX_DELAY_MS} after the first of them, so a burst of posts is one session. A change
 *     during a session is pending for the next one.
 * <li>Back-off while the peer fails: the next try one interval after the first failure, then
 *     doubling, up to {@link #MAX_BACKOFF_MS} (or the interval, if longer); reset by a success. A
 *     local change brings the try forward, but at most once per interval.
 * </ul>
 */
final class PeerSchedule {
    static final long QUIET_MS = 1_000;
    static final long MAX_DELAY_MS = 5_000;
    static final long MAX_BACKOFF_MS = 600_000;
    static final long NEVER = Long.MAX_VALUE;

    private final long intervalMs;
    private long nextPeriodic;
    private long firstChange = -1;
    private long lastChange = -1;
    private int failures;
    private long retryAt;
    private long lastEarlyTry = Long.MIN_VALUE / 2;

    PeerSchedule(long intervalMs, long now) {
        if (intervalMs < 1) {
            throw new IllegalArgumentException("interval must be positive: " + intervalMs);
        }
        this.intervalMs = intervalMs;
        this.nextPeriodic = now;
    }

    /** A local change was committed. */
    void changed(long now) {
        if (firstChange < 0) {
            firstChange = now;
        }
        lastChange = now;
    }

    /** When the next session should start (may be in the past: start now). */
    long due() {
        long change = firstChange < 0 ? NEVER : Math.min(lastChange + QUIET_MS, firstChange + MAX_DELAY_MS);
        if (failures == 0) {
            return Math.min(nextPeriodic, change);
        }
        long early = change == NEVER ? NEVER : Math.max(change, lastEarlyTry + intervalMs);
        return Math.min(retryAt, early);
    }

    /** A session starts: it carries every change so far. */
    void started(long now) {
        if (failures > 0 && now < retryAt) {
            lastEarlyTry = now;
        }
        firstChange = -1;
        lastChange = -1;
    }

    /** A session ended. */
    void finished(long now, boolean ok) {
        if (ok) {
            failures = 0;
            nextPeriodic = now + intervalMs;
            return;
        }
        failures++;
        retryAt = now + backoffMs();
    }

    /** The wait after the current run of failures: the interval, doubled per further failure, capped. */
    long backoffMs() {
        if (failures == 0) {
            return 0;
        }
        long cap = Math.max(MAX_BACKOFF_MS, intervalMs);
        long wait = intervalMs;
        for (int i = 1; i < failures && wait < cap; i++) {
            wait *= 2;
        }
        return Math.min(wait, cap);
    }

    int failures() {
        return failures;
    }

    boolean changesPending() {
        return firstChange >= 0;
    }
}
