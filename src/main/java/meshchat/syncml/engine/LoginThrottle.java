package meshchat.syncml.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * Memory is bounded: at most {@code maxEntries} keys, idle ones forgotten after {@code forgetAfter},
 * and one address owns at most {@link #perAddress(int)} of them: an address over its share (one host
 * guessing many names) has its own logins that need a new key refused, never other addresses'.
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

    /** How many keys one address may own: a fiftieth of the table (200 of 10,000), at least 16. */
    static int perAddress(int maxEntries) {
        return Math.min(maxEntries, Math.max(16, maxEntries / 50));
    }

    private static final class Entry {
        final String address;
        int failures;
        Instant blockedUntil = Instant.MIN;
        Instant last;

        Entry(String address) {
            this.address = address;
        }
    }

    private final Settings settings;
    private final int perAddress;
    private final Clock clock;
    /** Read without a lock; keys are added and removed only under {@link #byAddress}'s lock. */
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The keys each address owns (guarded by itself): the per-address share is counted here. */
    private final Map<String, Set<String>> byAddress = new HashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    public LoginThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.perAddress = perAddress(settings.maxEntries());
        this.clock = clock;
    }

    /** Whether this login must be refused unchecked; counts it as throttled when so. */
    public boolean blocked(String account, String device, String address) {
        Instant now = clock.instant();
        String accountKey = key("account", account, address);
        String deviceKey = key("device", device, address);
        boolean blocked = inBackOff(accountKey, now) || inBackOff(deviceKey, now)
                || untrackable(address(address), now, accountKey, deviceKey);
        if (blocked) {
            throttled.incrementAndGet();
        }
        return blocked;
    }

    /** A checked credential was wrong. */
    public void failed(String account, String device, String address) {
        Instant now = clock.instant();
        fail(key("account", account, address), address(address), now);
        fail(key("device", device, address), address(address), now);
        failures.incrementAndGet();
    }

    public void succeeded(String account, String device, String address) {
        for (String key : new String[] {key("account", account, address), key("device", device, address)}) {
            if (key != null && entries.containsKey(key)) { // no device for API logins
                synchronized (byAddress) {
                    remove(key);
                }
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

    /** Keys remembered now (for tests). */
    int size() {
        return entries.size();
    }

    /**
     * Fails closed, but only for the address at fault: a login whose failures could not be counted
     * (its address already owns its share of keys, all in back-off, or the whole table is full of
     * keys in back-off) is refused rather than left unthrottled. One host filling its share never
     * refuses another host; filling the whole table takes at least maxEntries / perAddress hosts.
     */
    private boolean untrackable(String address, Instant now, String... keys) {
        int needed = 0;
        for (String key : keys) {
            if (key != null && !entries.containsKey(key)) {
                needed++;
            }
        }
        if (needed == 0) {
            return false;
        }
        synchronized (byAddress) {
            if (makeRoom(address, needed, now)) {
                return false;
            }
            LOG.debug("login throttle: {} owns {} keys, table {}: refusing a login from it unchecked",
                    address.replace('\n', ' '), owned(address), entries.size());
        }
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

    private void fail(String key, String address, Instant now) {
        if (key == null) {
            return;
        }
        Entry e = entries.get(key);
        if (e == null) {
            synchronized (byAddress) {
                e = entries.get(key);
                if (e == null) {
                    if (!makeRoom(address, 1, now)) {
                        return; // untrackable() refuses this one's logins meanwhile
                    }
                    e = new Entry(address);
                    entries.put(key, e);
                    Set<String> owned = byAddress.computeIfAbsent(address, a -> new LinkedHashSet<>());
                    owned.add(key);
                    if (owned.size() == perAddress) { // once per filling, not per refused login
                        LOG.warn("login throttle: {} owns its share of {} keys; while they are all in back-off, its"
                                + " logins that need a new key are refused unchecked", address, perAddress);
                    }
                }
            }
        }
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
     * Whether {@code needed} new keys of this address fit, within its share and the whole table,
     * after forgetting what may be forgotten: first that address's own keys, then (table full) any.
     * Called under {@link #byAddress}'s lock.
     */
    private boolean makeRoom(String address, int needed, Instant now) {
        if (owned(address) + needed > perAddress) {
            forget(byAddress.getOrDefault(address, Set.of()), owned(address) + needed - perAddress, now);
            if (owned(address) + needed > perAddress) {
                return false;
            }
        }
        if (entries.size() + needed > settings.maxEntries()) {
            forget(entries.keySet(), entries.size() + needed - settings.maxEntries(), now);
            if (entries.size() + needed > settings.maxEntries()) {
                return false;
            }
        }
        return true;
    }

    private int owned(String address) {
        Set<String> keys = byAddress.get(address);
        return keys == null ? 0 : keys.size();
    }

    /**
     * Drops idle keys among {@code keys}; if that frees fewer than {@code wanted}, the oldest not in
     * back-off, so memory stays bounded under a flood of new keys. A key in back-off is never
     * dropped: a flood would otherwise wipe an account's back-off and buy the attacker fresh guesses.
     * Called under {@link #byAddress}'s lock.
     */
    private void forget(Collection<String> keys, int wanted, Instant now) {
        Instant cutoff = now.minus(settings.forgetAfter());
        List<String> idle = new ArrayList<>();
        TreeMap<Instant, List<String>> evictable = new TreeMap<>();
        for (String key : keys) {
            Entry e = entries.get(key);
            if (e == null) {
                continue;
            }
            synchronized (e) {
                if (e.last == null || now.isBefore(e.blockedUntil)) {
                    continue;
                }
                if (e.last.isBefore(cutoff)) {
                    idle.add(key);
                } else {
                    evictable.computeIfAbsent(e.last, t -> new ArrayList<>()).add(key);
                }
            }
        }
        idle.forEach(this::remove);
        int still = wanted - idle.size();
        for (List<String> oldest : evictable.values()) {
            for (String key : oldest) {
                if (still-- <= 0) {
                    return;
                }
                remove(key);
            }
        }
    }

    /** Called under {@link #byAddress}'s lock. */
    private void remove(String key) {
        Entry e = entries.remove(key);
        if (e != null) {
            Set<String> owned = byAddress.get(e.address);
            if (owned != null) {
                owned.remove(key);
                if (owned.isEmpty()) {
                    byAddress.remove(e.address);
                }
            }
        }
    }

    private static String address(String address) {
        return address == null ? "" : address;
    }

    private static String key(String kind, String name, String address) {
        return name == null || name.isEmpty() ? null : kind + "\n" + name + "\n" + address(address);
    }
}
