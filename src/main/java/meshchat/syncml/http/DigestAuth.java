package meshchat.syncml.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import meshchat.syncml.engine.LoginThrottle;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of HTTP Digest (RFC 7616, MD5, qop=auth). Nonces are stateless: the time they
 * were made plus an HMAC of it under a key made at start, valid for {@link #NONCE_LIFE}; each
 * nonce's nonce-count must grow (a replayed request is refused). Checked against the HA1 stored
 * for the account's current password, behind the same login throttle as Basic and SyncML.
 *
 * <p>The replay guard never forgets a nonce that could still be accepted: it remembers the highest
 * nonce-count of every nonce used within its life, at most {@code noncesKept} of them. When full it
 * forgets the oldest (by the time the nonce was made) and raises a floor to that time: a nonce made
 * at or before the floor that is not remembered may have been used, so it is answered stale (the
 * client retries at once with a fresh nonce), never accepted. Expired nonces are dropped freely
 * (they are answered stale anyway). Memory stays bounded, and no nonce is ever accepted twice
 * with the same nonce-count.
 */
final class DigestAuth {
    private static final Logger LOG = LoggerFactory.getLogger(DigestAuth.class);
    static final Duration NONCE_LIFE = Duration.ofMinutes(10);
    private static final int NONCES_KEPT = 4096;

    private final Store store;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final byte[] key = new byte[32];
    private final int noncesKept;
    /**
     * Highest nonce-count seen per used nonce, keyed by the time the nonce was made (a nonce is that
     * time and its HMAC, so the time names it); guarded by itself.
     */
    private final TreeMap<Long, Long> counts = new TreeMap<>();
    /** Nonces made at or before this time and absent from {@link #counts} may have been used: stale. */
    private long forgottenUpTo = Long.MIN_VALUE;

    DigestAuth(Store store, LoginThrottle throttle, Clock clock) {
        this(store, throttle, clock, NONCES_KEPT);
    }

    DigestAuth(Store store, LoginThrottle throttle, Clock clock, int noncesKept) {
        if (noncesKept < 1) {
            throw new IllegalArgumentException("noncesKept must be at least 1");
        }
        this.store = store;
        this.throttle = throttle;
        this.clock = clock;
        this.noncesKept = noncesKept;
        new SecureRandom().nextBytes(key);
    }

    /** The WWW-Authenticate value: a fresh nonce; stale=true when the client's nonce only expired (or fell below the replay guard's floor). */
    String challenge(boolean stale) {
        return "Digest realm=\"" + HttpDigest.REALM + "\", qop=\"auth\", algorithm=MD5, nonce=\"" + nonce(clock.millis())
                + "\"" + (stale ? ", stale=true" : "");
    }

    /** Outcome of a check: the account, or none (and whether only the nonce was stale). */
    record Result(Optional<Account> account, boolean stale) {
        static final Result NONE = new Result(Optional.empty(), false);
    }

    /**
     * @param header  the Authorization header (must start with "Digest ")
     * @param method  the request method
     * @param uri     the request target as sent (path and query)
     * @param address the client's address, for the throttle
     */
    Result check(String header, String method, String uri, String address) {
        Map<String, String> p = params(header.substring(7));
        String name = p.get("username");
        String nonce = p.get("nonce");
        String nc = p.get("nc");
        String cnonce = p.get("cnonce");
        String response = p.get("response");
        if (name == null || nonce == null || nc == null || cnonce == null || response == null
                || !HttpDigest.REALM.equals(p.get("realm")) || !"auth".equals(p.get("qop"))
                || p.get("algorithm") != null && !p.get("algorithm").equalsIgnoreCase("MD5")
                || !uri.equals(p.get("uri")) || !nc.matches("[0-9a-fA-F]{8}")) {
            return Result.NONE;
        }
        long made = nonceTime(nonce);
        if (made < 0) {
            return Result.NONE; // not one of ours
        }
        if (throttle.blocked(name, null, address)) {
            LOG.debug("Digest login throttled: account {} from {} is in back-off", name, address);
            return Result.NONE;
        }
        Optional<Account> account = store.read(tx -> tx.account(name));
        Optional<String> ha1 = account.flatMap(a -> store.read(tx -> tx.httpDigestHa1(a)));
        String expected = ha1.map(h -> HttpDigest.md5Hex(h + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:"
                + HttpDigest.md5Hex(method + ":" + uri))).orElse(null);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throttle.failed(name, null, address);
            if (account.isPresent() && ha1.isEmpty()) {
                LOG.warn("Digest login of account {} from {}: no HA1 stored for its password (set it again with"
                        + " user add, or log in once with Basic)", name, address);
            } else {
                LOG.warn("Digest login failed: account {} from {}", name, address);
            }
            return Result.NONE;
        }
        long now = clock.millis();
        if (now - made > NONCE_LIFE.toMillis()) {
            return new Result(Optional.empty(), true); // right password, old nonce: the client retries at once
        }
        long count = Long.parseLong(nc, 16);
        synchronized (counts) {
            counts.headMap(now - NONCE_LIFE.toMillis()).clear(); // expired: answered stale whatever we remember
            Long last = counts.get(made);
            if (last == null && made <= forgottenUpTo) {
                LOG.debug("Digest request of account {} from {}: nonce older than the replay guard remembers, stale",
                        name, address);
                return new Result(Optional.empty(), true); // maybe used and forgotten: a fresh nonce, never a replay
            }
            if (last != null && count <= last) {
                LOG.warn("Digest request of account {} from {} replayed nonce-count {}: refused", name, address, nc);
                return Result.NONE;
            }
            counts.put(made, count);
            while (counts.size() > noncesKept) {
                forgottenUpTo = Math.max(forgottenUpTo, counts.pollFirstEntry().getKey());
            }
        }
        throttle.succeeded(name, null, address);
        return new Result(account, false);
    }

    /** How many used nonces the replay guard remembers now (for tests). */
    int noncesRemembered() {
        synchronized (counts) {
            return counts.size();
        }
    }

    private String nonce(long millis) {
        String time = Long.toString(millis);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time + ":" + mac(time)).getBytes(StandardCharsets.US_ASCII));
    }

    /** When this nonce was made, or -1 when it is not ours. */
    private long nonceTime(String nonce) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(nonce), StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            if (colon <= 0) {
                return -1;
            }
            String time = text.substring(0, colon);
            if (!MessageDigest.isEqual(mac(time).getBytes(StandardCharsets.US_ASCII),
                    text.substring(colon + 1).getBytes(StandardCharsets.US_ASCII))) {
                return -1;
            }
            return Long.parseLong(time);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private String mac(String time) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(time.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always present in the JDK", e);
        }
    }

    /** The auth-params of a Digest header: name=token or name="quoted \" string", comma separated. */
    static Map<String, String> params(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n && out.size() < 32) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = s.substring(i, eq).strip().toLowerCase(java.util.Locale.ROOT);
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    v.append(s.charAt(i++));
                }
                i++; // the closing quote
            } else {
                while (i < n && s.charAt(i) != ',') {
                    v.append(s.charAt(i++));
                }
            }
            out.putIfAbsent(name, v.toString().strip());
        }
        return out;
    }
}
