package meshchat.syncml.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * A user of the JSON API and of SyncML.
 *
 * @param name      login name: not blank, no ':' (HTTP Basic and SyncML auth split on it), at
 *                  most 255 characters
 * @param md5Digest {@link #md5Digest(String, String) base64(md5(name:password))}; the password
 *                  itself is never kept
 * @param admin     may purge messages zone-wide
 * @param callSign  put on messages the account posts without one; null or blank means the
 *                  upper-cased name
 * @param peer      another node of the zone ({@code user add NAME --peer}): relays messages under
 *                  their authors' call signs and may purge zone-wide, as an admin may
 */
public record Account(String name, String md5Digest, boolean admin, String callSign, boolean peer) {

    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(md5Digest, "md5Digest");
        if (name.isBlank() || name.indexOf(':') >= 0 || name.length() > Store.MAX_FIELD_CHARS
                || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("account name must be 1 to 255 characters without ':' or"
                    + " control characters: '" + name + "'");
        }
        if (callSign == null || callSign.isBlank()) {
            callSign = name.toUpperCase(Locale.ROOT);
        }
        if (callSign.length() > Store.MAX_FIELD_CHARS) {
            throw new IllegalArgumentException("call sign is longer than 255 characters");
        }
    }

    /** An account that is not a peer node. */
    public Account(String name, String md5Digest, boolean admin, String callSign) {
        this(name, md5Digest, admin, callSign, false);
    }

    /** An account for this password; only its digest is kept. */
    public static Account withPassword(String name, String password, boolean admin, String callSign) {
        return new Account(name, md5Digest(name, password), admin, callSign, false);
    }

    /** A ham's account: posts under its call sign (null: the upper-cased name), may hide but not purge. */
    public static Account user(String name, String password, String callSign) {
        return new Account(name, md5Digest(name, password), false, callSign, false);
    }

    /** An operator's account: may purge zone-wide. */
    public static Account admin(String name, String password, String callSign) {
        return new Account(name, md5Digest(name, password), true, callSign, false);
    }

    /** Another node of the zone: relays every author's messages and purges zone-wide. */
    public static Account peerNode(String name, String password) {
        return new Account(name, md5Digest(name, password), false, null, true);
    }

    /** Whether this account's Delete (or API DELETE) purges zone-wide rather than hiding for itself. */
    public boolean mayPurge() {
        return admin || peer;
    }

    /** Whether this account may post messages under any call sign (a node relaying its zone). */
    public boolean mayRelay() {
        return admin || peer;
    }

    /**
     * base64(md5(name ":" password)), UTF-8. SyncML 1.1/1.2 syncml:auth-md5 is
     * b64(md5(this ":" nonce)), so this is all either auth scheme needs (as libsynthesis'
     * md5userpass); SyncML 1.0's variant, which needs the password itself, cannot be served.
     */
    public static String md5Digest(String name, String password) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5")
                    .digest((name + ":" + password).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always present in the JDK", e);
        }
    }

    /** Whether this password is the account's, compared in constant time. */
    public boolean checkPassword(String password) {
        byte[] given = md5Digest(name, password).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, md5Digest.getBytes(StandardCharsets.US_ASCII));
    }
}
