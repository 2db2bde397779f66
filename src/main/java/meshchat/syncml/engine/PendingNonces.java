package meshchat.syncml.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nonces we sent in a challenge (401/407) to a client that has not logged in yet. They live only
 * in memory, keyed by device id and client address, so probes leave no rows in the store, never
 * replace the nonce the real owner got at the end of its last session, and a stranger elsewhere
 * cannot overwrite the challenge another client is about to answer. Bounded in number and age.
 * A nonce is taken (removed) when a credential is checked against it: it works at most once.
 */
final class PendingNonces {
    private record Pending(String nonce, Instant issued) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;

    PendingNonces(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    /** Remembers {@code nonce} as the challenge sent to this device at this address. */
    void put(String device, String address, String nonce) {
        Instant now = clock.instant();
        if (pending.size() >= maxEntries) {
            evict(now);
        }
        pending.put(key(device, address), new Pending(nonce, now));
    }

    /** The challenge nonce for this device at this address, removed; null when none or too old. */
    String take(String device, String address) {
        Pending p = pending.remove(key(device, address));
        if (p == null || p.issued().plus(ttl).isBefore(clock.instant())) {
            return null;
        }
        return p.nonce();
    }

    int size() {
        return pending.size();
    }

    private void evict(Instant now) {
        Instant cutoff = now.minus(ttl);
        pending.values().removeIf(p -> p.issued().isBefore(cutoff));
        // still full: a flood of fresh probes; drop the oldest so memory stays bounded
        while (pending.size() >= maxEntries) {
            String oldestKey = null;
            Instant oldest = Instant.MAX;
            for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Pending> e = it.next();
                if (e.getValue().issued().isBefore(oldest)) {
                    oldest = e.getValue().issued();
                    oldestKey = e.getKey();
                }
            }
            if (oldestKey == null) {
                return;
            }
            pending.remove(oldestKey);
        }
    }

    private static String key(String device, String address) {
        return device + "\n" + (address == null ? "" : address);
    }
}
