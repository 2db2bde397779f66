package meshchat.syncml.engine;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.store.Account;

/**
 * The open sessions of the server role. A session is found by the token we put in RespURI, else by
 * the fallback key (device, SessionID, client address) for clients that ignore RespURI: the first
 * two travel in clear text, the address is what a stranger elsewhere on the mesh does not have.
 * Sessions idle longer than the timeout are forgotten; finished ones stay until then, to replay
 * their last reply. Thread-safe; a session's own state is guarded by the session's monitor.
 */
final class SessionRegistry {
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Map<String, Session> byDeviceSession = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final SecureRandom random;

    SessionRegistry(Duration timeout, SecureRandom random) {
        this.timeout = timeout;
        this.random = random;
    }

    /** The session our RespURI named with this token, or null. */
    Session byToken(String token) {
        return token == null ? null : byToken.get(token);
    }

    /** The session registered under this fallback key, or null. */
    Session byFallback(String device, String sessionId, String address) {
        return byDeviceSession.get(fallbackKey(device, sessionId, address));
    }

    /**
     * Unfinished sessions of this account on other devices than {@code device} (whose earlier
     * sessions a new login supersedes), {@code replacing} not counted: what the per-account cap counts.
     */
    long openElsewhere(String account, String device, Session replacing) {
        return byToken.values().stream().filter(x -> x != replacing && x.phase != Phase.DONE
                && !x.device.equals(device) && x.account.name().equals(account)).count();
    }

    /**
     * Registers a new session under a fresh token. A device runs one session at a time: this
     * device's earlier sessions of the same account are dropped. Another account's session under
     * the same fallback key (e.g. behind one NAT) keeps it: this one is then found by its token only.
     */
    Session open(String device, String sessionId, String address, SyncMLVersion version, Account account,
                 Encoding encoding, Instant now) {
        byToken.values().stream().filter(x -> x.device.equals(device) && x.account.name().equals(account.name()))
                .toList().forEach(this::abandon);
        Session s = new Session(newToken(), device, sessionId, address, version, account, encoding, now);
        byToken.put(s.token, s);
        byDeviceSession.putIfAbsent(fallbackKey(device, sessionId, address), s);
        return s;
    }

    /** Told of each unfinished session forgotten because it timed out or its device started over. */
    private java.util.function.Consumer<Session> onAbandoned = s -> { };

    void onAbandoned(java.util.function.Consumer<Session> listener) {
        this.onAbandoned = listener;
    }

    /** Forgets a session that did not finish: the client went away or started a new one. False when already forgotten. */
    boolean abandon(Session s) {
        boolean registered = drop(s); // false when another thread forgot it first: told once
        if (registered && s.phase != Phase.DONE) {
            onAbandoned.accept(s);
        }
        return registered;
    }

    /** Forgets sessions idle for longer than the timeout. */
    void expire(Instant now) {
        List<Session> old = new ArrayList<>();
        for (Session s : byToken.values()) {
            if (s.lastActivity.plus(timeout).isBefore(now)) {
                old.add(s);
            }
        }
        old.forEach(this::abandon);
    }

    /** Forgets a session; its large-object buffers stop counting against the account. False when already forgotten. */
    boolean drop(Session s) {
        s.datastores.values().forEach(ds -> ds.partial = null);
        return unregister(s);
    }

    /** Forgets a session, its datastores untouched (a partial large object counts until it would expire). */
    private boolean unregister(Session s) {
        boolean registered = byToken.remove(s.token, s);
        byDeviceSession.remove(fallbackKey(s.device, s.sessionId, s.address), s);
        return registered;
    }

    /** Estimated bytes all sessions hold between messages. */
    long retainedBytes() {
        long total = 0;
        for (Session s : byToken.values()) {
            total += s.retainedBytes;
        }
        return total;
    }

    /**
     * Keeps what sessions hold between messages within {@code budget} bytes (estimated, see
     * {@link Session#retainedBytes}). {@code keep}, the session just answered, is forgotten when
     * its carried commands alone pass a quarter of the budget (nothing else would bound a client
     * that keeps adding them). While the rest is over the budget, others are forgotten: finished
     * ones (kept only for replay) first, then the largest; never one being answered right now.
     * Returns the sessions forgotten.
     */
    List<Session> shed(long budget, Session keep) {
        if (retainedBytes() <= budget && (keep == null || keep.carriedBytes <= budget / 4)) {
            return List.of(); // the usual case, after every message: no snapshot made
        }
        record Held(Session session, long bytes) {
        }
        List<Held> held = new ArrayList<>(); // a snapshot: the sizes change under other threads
        long total = 0;
        for (Session s : byToken.values()) {
            long bytes = s.retainedBytes;
            total += bytes;
            if (s != keep && !s.busy && bytes > 0) {
                held.add(new Held(s, bytes));
            }
        }
        List<Session> shed = new ArrayList<>();
        if (keep != null && keep.carriedBytes > budget / 4) {
            total -= keep.retainedBytes;
            if (abandon(keep)) { // its lock is held by the caller
                shed.add(keep);
            }
        }
        if (total <= budget) {
            return shed;
        }
        held.sort(java.util.Comparator.comparing((Held h) -> h.session().phase != Phase.DONE)
                .thenComparing(Held::bytes, java.util.Comparator.reverseOrder()));
        for (Held h : held) {
            if (total <= budget) {
                break;
            }
            total -= h.bytes();
            if (unregister(h.session())) { // not drop(): its datastores are guarded by its own lock
                if (h.session().phase != Phase.DONE) {
                    onAbandoned.accept(h.session());
                }
                shed.add(h.session());
            }
        }
        return shed;
    }

    /** Registered sessions, finished ones kept for replay included. */
    int size() {
        return byToken.size();
    }

    /** 96 random bits in 16 URL-safe characters (base64url; hex took 24: bytes in every first reply, issue 10). */
    private String newToken() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String fallbackKey(String device, String sessionId, String address) {
        return device + "\n" + sessionId + "\n" + (address == null ? "" : address);
    }
}
