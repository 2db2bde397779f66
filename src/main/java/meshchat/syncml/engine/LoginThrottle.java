package meshchat.syncml.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing. Failures are counted per account and per device id, each paired
 * with the client's address: after {@code freeFailures} wrong passwords from one address for one
 * account (or one device id), that pair is in back-off for a delay that doubles with each further
 * failure, up to {@code maxDelay}. While in back-off a login is refused at once, without checking
 * the password or touching the store. The address is part of every key so that a stranger failing
 * elsewhere on the mesh can never lock the real owner out. A success clears the pair's counts.
 * Memory is bounded: at most {@code maxEntries} keys, idle ones forgotten after {@code forgetAfter}.
 * Shared by the SyncML endpoint and the JSON API, so guesses on one count against the other.
 */
public final class LoginThrottle {
    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** The knobs; see the README ("Brute-force throttle"). */
    public record Settings(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter, int maxEntries) {
        public static Settings defaults() {
            return new Settings(5, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(30), 10_000);
        }
    }

    private static final class Entry {
        int failures;
        Instant blockedUntil = Instant.MIN;
        Instant last;
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    public LoginThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether this login must be refused unchecked; counts it as throttled when so. */
    public boolean blocked(String account, String device, String address) {
        Instant now = clock.instant();
        boolean blocked = inBackOff(key("account", account, address), now) || inBackOff(key("device", device, address), now)
                || untrackable(key("account", account, address), now);
        if (blocked) {
            throttled.incrementAndGet();
        }
        return blocked;
    }

    /** A checked credential was wrong. */
    public void failed(String account, String device, String address) {
        Instant now = clock.instant();
        fail(key("account", account, address), now);
        fail(key("device", device, address), now);
        failures.incrementAndGet();
    }

    public void succeeded(String account, String device, String address) {
        for (String key : new String[] {key("account", account, address), key("device", device, address)}) {
            if (key != null) { // no device for API logins
                entries.remove(key);
            }
        }
    }

    /** Wrong credentials checked since start (SyncML and API). */
    public long failures() {
        return failures.get();
    }

    /** Logins refused unchecked because their account or device was in back-off. */
    public long throttled() {
        return throttled.get();
    }

    /**
     * Fails closed: when the table is full of keys still in back-off (a flood of guesses from many
     * names), a login whose failures could not be counted is refused rather than left unthrottled.
     */
    private boolean untrackable(String key, Instant now) {
        if (key == null || entries.size() < settings.maxEntries() || entries.containsKey(key)) {
            return false;
        }
        forgetIdle(now);
        if (entries.size() < settings.maxEntries()) {
            return false;
        }
        LOG.warn("login throttle full of keys in back-off ({}): refusing {} unchecked", entries.size(),
                key.replace('\n', ' '));
        return true;
    }

    private boolean inBackOff(String key, Instant now) {
        if (key == null) {
            return false;
        }
        Entry e = entries.get(key);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            return now.isBefore(e.blockedUntil);
        }
    }

    private void fail(String key, Instant now) {
        if (key == null) {
            return;
        }
        if (entries.size() >= settings.maxEntries() && !entries.containsKey(key)) {
            forgetIdle(now);
            if (entries.size() >= settings.maxEntries()) {
                return; // every key is in back-off: untrackable() refuses this one's logins meanwhile
            }
        }
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        synchronized (e) {
            e.failures++;
            e.last = now;
            int over = e.failures - settings.freeFailures() + 1; // the freeFailures-th failure starts the back-off
            if (over > 0) {
                Duration delay = settings.firstDelay().multipliedBy(1L << Math.min(over - 1, 30));
                if (delay.compareTo(settings.maxDelay()) > 0 || delay.isNegative()) {
                    delay = settings.maxDelay();
                }
                e.blockedUntil = now.plus(delay);
                LOG.warn("login back-off: {} after {} failures, refused unchecked for {} s", key.replace('\n', ' '),
                        e.failures, delay.toSeconds());
            }
        }
    }

    /**
     * Drops idle keys; if still full, the oldest key not in back-off, so memory stays bounded under
     * a flood of new keys. A key in back-off is never dropped: a flood would otherwise wipe an
     * account's back-off and buy the attacker fresh guesses.
     */
    private void forgetIdle(Instant now) {
        Instant cutoff = now.minus(settings.forgetAfter());
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        String oldestKey = null;
        Instant oldest = Instant.MAX;
        while (it.hasNext()) {
            Map.Entry<String, Entry> me = it.next();
            Instant last = me.getValue().last;
            if (last != null && last.isBefore(cutoff) && !now.isBefore(me.getValue().blockedUntil)) {
                it.remove();
            } else if (last != null && last.isBefore(oldest) && !now.isBefore(me.getValue().blockedUntil)) {
                oldest = last;
                oldestKey = me.getKey();
            }
        }
        if (entries.size() >= settings.maxEntries() && oldestKey != null) {
            entries.remove(oldestKey);
        }
    }

    private static String key(String kind, String name, String address) {
        return name == null || name.isEmpty() ? null : kind + "\n" + name + "\n" + (address == null ? "" : address);
    }
}
