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

    /** Forgets a session that did not finish: the client went away or started a new one. */
    void abandon(Session s) {
        drop(s);
        if (s.phase != Phase.DONE) {
            onAbandoned.accept(s);
        }
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

    /** Forgets a session; its large-object buffers stop counting against the account. */
    void drop(Session s) {
        s.datastores.values().forEach(ds -> ds.partial = null);
        byToken.remove(s.token);
        byDeviceSession.remove(fallbackKey(s.device, s.sessionId, s.address), s);
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
     * {@link Session#retainedBytes}): while over it, the session holding most, other than
     * {@code keep}, is forgotten. Returns the sessions forgotten, largest first.
     */
    List<Session> shed(long budget, Session keep) {
        long total = retainedBytes();
        if (total <= budget) {
            return List.of();
        }
        List<Session> largest = new ArrayList<>(byToken.values());
        largest.remove(keep);
        largest.sort(java.util.Comparator.comparingLong((Session s) -> s.retainedBytes).reversed());
        List<Session> shed = new ArrayList<>();
        for (Session s : largest) {
            if (total <= budget) {
                break;
            }
            total -= s.retainedBytes;
            abandon(s);
            shed.add(s);
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
