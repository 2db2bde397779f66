package meshchat.syncml.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import meshchat.syncml.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes tombstones older than the retention ({@link ServerConfig#tombstoneRetention()}): once at
 * start, then daily. What a node away longer than that gets is decided in {@link Alerts} (a slow
 * sync that treats us as the truth for anything older than the retention).
 */
public final class TombstonePruner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TombstonePruner.class);

    private final Store store;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private TombstonePruner(Store store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tombstone-pruner");
            t.setDaemon(true);
            return t;
        });
    }

    /** Prunes now (in the caller's thread, so a store failure shows at start-up) and then every day. */
    public static TombstonePruner start(Store store, Duration retention, Clock clock) {
        TombstonePruner p = new TombstonePruner(store, retention, clock);
        p.pruneNow();
        p.timer.scheduleWithFixedDelay(() -> {
            try {
                p.pruneNow();
            } catch (RuntimeException | Error e) { // thrown out of here, it would end the daily schedule
                LOG.error("pruning tombstones failed; trying again tomorrow", e);
            }
        }, 1, 1, TimeUnit.DAYS);
        return p;
    }

    /** Removes the tombstones of purges before now minus the retention; returns how many. */
    public int pruneNow() {
        Instant before = clock.instant().minus(retention);
        int n = store.write(tx -> tx.pruneTombstones(before));
        if (n > 0) {
            LOG.info("pruned {} tombstones of purges before {} (retention {} days)", n, before, retention.toDays());
        }
        return n;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
