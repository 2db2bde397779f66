package meshchat.syncml.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Nonces we sent in a challenge (401/407) to a client that has not logged in yet. They live only
 * in memory, keyed by device id and client address, so probes leave no rows in the store, never
 * replace the nonce the real owner got at the end of its last session, and a stranger elsewhere
 * cannot overwrite the challenge another client is about to answer. Bounded in number and age.
 * A nonce is taken (removed) when a credential is checked against it: it works at most once.
 * One address holds at most {@link LoginThrottle#perAddress(int)} of them (200 of 10,000): a host
 * over its share (first messages under many made-up device ids) loses its own oldest challenges,
 * never another host's. Only when the whole table is full (at least maxEntries / perAddress hosts
 * at their share) does a new challenge push one out, the oldest of the address holding the most.
 */
final class PendingNonces {
    private record Pending(String nonce, String address, Instant issued) {
    }

    /** In the order they were issued (oldest first); guarded by {@code this}, as is {@link #byAddress}. */
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    /** The keys each address holds, oldest first. */
    private final Map<String, LinkedHashSet<String>> byAddress = new HashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final int perAddress;

    PendingNonces(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.perAddress = LoginThrottle.perAddress(maxEntries);
    }

    /** Remembers {@code nonce} as the challenge sent to this device at this address. */
    synchronized void put(String device, String address, String nonce) {
        Instant now = clock.instant();
        String a = address == null ? "" : address;
        String key = key(device, a);
        remove(key); // a new challenge replaces this device's earlier one, and goes to the end
        dropExpired(now);
        // over its share: this address's own oldest challenges go, never another address's
        while (owned(a) >= perAddress && owned(a) > 0) {
            remove(byAddress.get(a).iterator().next());
        }
        // the whole table full of fresh challenges from many addresses: the biggest holder's oldest goes
        while (pending.size() >= maxEntries && !pending.isEmpty()) {
            remove(byAddress.get(biggestHolder()).iterator().next());
        }
        pending.put(key, new Pending(nonce, a, now));
        byAddress.computeIfAbsent(a, x -> new LinkedHashSet<>()).add(key);
    }

    /** The challenge nonce for this device at this address, removed; null when none or too old. */
    synchronized String take(String device, String address) {
        Pending p = remove(key(device, address == null ? "" : address));
        if (p == null || p.issued().plus(ttl).isBefore(clock.instant())) {
            return null;
        }
        return p.nonce();
    }

    synchronized int size() {
        return pending.size();
    }

    /** Challenges this address holds now (for tests). */
    synchronized int held(String address) {
        return owned(address == null ? "" : address);
    }

    private int owned(String address) {
        Set<String> keys = byAddress.get(address);
        return keys == null ? 0 : keys.size();
    }

    private String biggestHolder() {
        String biggest = null;
        int most = 0;
        for (Map.Entry<String, LinkedHashSet<String>> e : byAddress.entrySet()) {
            if (e.getValue().size() > most) {
                most = e.getValue().size();
                biggest = e.getKey();
            }
        }
        return biggest;
    }

    /** Drops challenges past their age, oldest first (the map is in the order they were issued). */
    private void dropExpired(Instant now) {
        Instant cutoff = now.minus(ttl);
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Pending> e = it.next();
            if (!e.getValue().issued().isBefore(cutoff)) {
                return;
            }
            it.remove();
            forgetKey(e.getValue().address(), e.getKey());
        }
    }

    private Pending remove(String key) {
        Pending p = pending.remove(key);
        if (p != null) {
            forgetKey(p.address(), key);
        }
        return p;
    }

    private void forgetKey(String address, String key) {
        Set<String> keys = byAddress.get(address);
        if (keys != null) {
            keys.remove(key);
            if (keys.isEmpty()) {
                byAddress.remove(address);
            }
        }
    }

    private static String key(String device, String address) {
        return device + "\n" + address;
    }
}
