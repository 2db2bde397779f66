package meshchat.syncml.peer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's job on its own thread: waits until {@link PeerSchedule} says a session is due (or
 * someone asks for one now), runs it with the {@link SessionRunner}, keeps the {@link PeerStatus}
 * and logs one line per session.
 */
final class PeerJob {
    private static final Logger LOG = LoggerFactory.getLogger(PeerJob.class);

    private final Peer peer;
    private final SessionRunner runner;
    private final Clock clock;
    private final LongSupplier millis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final PeerSchedule schedule;
    private final Thread thread;
    private PeerStatus status;
    private long asked;
    private long served;
    private long sessions;
    private boolean closed;

    /** @param millis a monotonic clock in milliseconds (System.nanoTime based in production) */
    PeerJob(Peer peer, SessionRunner runner, Clock clock, LongSupplier millis) {
        this.peer = peer;
        this.runner = runner;
        this.clock = clock;
        this.millis = millis;
        this.schedule = new PeerSchedule(peer.interval().toMillis(), millis.getAsLong());
        this.status = PeerStatus.never(peer.url().toString());
        this.thread = new Thread(this::loop, "peer " + peer.url().getHost() + ":" + peer.url().getPort());
        this.thread.setDaemon(true);
    }

    Peer peer() {
        return peer;
    }

    void start() {
        thread.start();
    }

    /**
     * A local change was committed. Changes made by this job's own session (what the peer just
     * sent us) do not call for another session with the same peer. Never blocks for long.
     */
    void changed() {
        if (Thread.currentThread() == thread) {
            return;
        }
        lock.lock();
        try {
            schedule.changed(millis.getAsLong());
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    PeerStatus status() {
        lock.lock();
        try {
            return status;
        } finally {
            lock.unlock();
        }
    }

    /** Sessions run so far (for tests and tools). */
    long sessions() {
        lock.lock();
        try {
            return sessions;
        } finally {
            lock.unlock();
        }
    }

    /** Runs one session now, after a running one, and returns the status after it (or the latest, after maxWait). */
    PeerStatus syncNow(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("peer links are closed");
            }
            long ticket = ++asked;
            wake.signalAll();
            while (served < ticket && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wake.awaitNanos(left);
            }
            return status;
        } finally {
            lock.unlock();
        }
    }

    /** Tells the job to stop after a running session; returns at once. */
    void stopSoon() {
        lock.lock();
        try {
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the job; waits up to {@code maxWait} for a running session to end. */
    void close(Duration maxWait) {
        stopSoon();
        try {
            thread.join(maxWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("peer {}: session still running at shutdown; leaving it", peer.url());
            thread.interrupt();
        }
    }

    /** Local changes wait for a session (for tests). */
    boolean changesPending() {
        lock.lock();
        try {
            return schedule.changesPending();
        } finally {
            lock.unlock();
        }
    }

    /** The back-off now in force, 0 when the peer answers (for tests and tools). */
    long backoffMs() {
        lock.lock();
        try {
            return schedule.backoffMs();
        } finally {
            lock.unlock();
        }
    }

    boolean stopped() {
        return !thread.isAlive();
    }

    private void loop() {
        while (true) {
            long ticket;
            boolean periodic;
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        return;
                    }
                    long now = millis.getAsLong();
                    long wait = asked > served ? 0 : schedule.due() - now;
                    if (wait <= 0) {
                        // Nobody asked and no local change waits: a poll, which may end at the change check.
                        periodic = asked <= served && !schedule.changesPending();
                        schedule.started(now);
                        ticket = asked;
                        break;
                    }
                    wake.await(Math.min(wait, TimeUnit.HOURS.toMillis(1)), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            runOnce(ticket, periodic);
        }
    }

    private void runOnce(long ticket, boolean periodic) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        SessionRunner.Outcome o;
        try {
            o = periodic ? runner.poll(peer) : runner.run(peer);
        } catch (RuntimeException | Error e) { // an OutOfMemoryError too: the job lives on, the next session may succeed
            LOG.warn("peer {}: session failed", peer.url(), e);
            o = SessionRunner.Outcome.failed(e.toString());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Instant end = clock.instant();
        if (o.ok() && "unchanged".equals(o.mode())) {
            LOG.info("peer {}: unchanged (change check), nothing to send, bytes sent {} received {}, requests {}, {} ms",
                    peer.url(), o.bytesSent(), o.bytesReceived(), o.requests(), ms);
        } else {
            LOG.info("peer {}: mode {}, items sent {} received {}, bytes sent {} received {}, requests {}, {} ms: {}",
                    peer.url(), o.mode(), o.itemsSent(), o.itemsReceived(), o.bytesSent(), o.bytesReceived(),
                    o.requests(), ms, o.ok() ? "ok" : "failed: " + o.error());
        }
        lock.lock();
        try {
            schedule.finished(millis.getAsLong(), o.ok());
            status = new PeerStatus(status.url(), o.ok() ? end : status.lastSuccess(), start,
                    o.ok() ? null : (o.error() == null ? "failed" : o.error()),
                    o.itemsSent(), o.itemsReceived(), o.bytesSent(), o.bytesReceived());
            sessions++;
            served = Math.max(served, ticket);
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
