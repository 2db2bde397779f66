package meshchat.syncml.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Caps the bytes of incoming large objects buffered for one account across all its sessions,
 * so many concurrent sessions of one account cannot fill the heap with half-sent objects. A
 * buffer counts while its datastore session still holds it and it was added to within the
 * session timeout (an abandoned session's buffer stops counting when the session would expire).
 */
final class LargeObjectBuffers {
    private final long maxPerAccount;
    private final Duration idle;
    private final Map<String, Set<IncomingChunks.Partial>> byAccount = new HashMap<>();

    LargeObjectBuffers(long maxPerAccount, Duration idle) {
        this.maxPerAccount = maxPerAccount;
        this.idle = idle;
    }

    /**
     * Whether {@code more} bytes may be added to {@code p} (registering it); false when the
     * account's live buffers would then hold more than the cap.
     */
    synchronized boolean reserve(String account, IncomingChunks.Partial p, long more, Instant now) {
        Set<IncomingChunks.Partial> held = byAccount.computeIfAbsent(account,
                k -> Collections.newSetFromMap(new IdentityHashMap<>()));
        long total = more;
        for (Iterator<IncomingChunks.Partial> it = held.iterator(); it.hasNext(); ) {
            IncomingChunks.Partial q = it.next();
            if (q != p && !q.live(now.minus(idle))) {
                it.remove();
            } else {
                total += q.size();
            }
        }
        if (!held.contains(p)) {
            total += p.size();
        }
        if (total > maxPerAccount) {
            return false;
        }
        held.add(p);
        return true;
    }

    /** Bytes buffered for the account now (for tests and the log). */
    synchronized long held(String account, Instant now) {
        Set<IncomingChunks.Partial> held = byAccount.getOrDefault(account, Set.of());
        return held.stream().filter(q -> q.live(now.minus(idle))).mapToLong(IncomingChunks.Partial::size).sum();
    }

    synchronized void release(String account, IncomingChunks.Partial p) {
        Set<IncomingChunks.Partial> held = byAccount.get(account);
        if (held != null) {
            held.remove(p);
        }
    }
}
