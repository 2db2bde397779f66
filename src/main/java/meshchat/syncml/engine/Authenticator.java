package meshchat.syncml.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.store.Account;

/**
 * SyncML authentication (RepPro 1.2 "Authentication"): syncml:auth-md5, the default because no
 * password crosses the radio link, and syncml:auth-basic. We store only b64(md5(user:password)),
 * which is all the MD5 scheme needs.
 */
final class Authenticator {
    static final String MD5 = "syncml:auth-md5";
    static final String BASIC = "syncml:auth-basic";

    /** What a Cred proved: the account name it claims, and whether it checked out. */
    record Verdict(String accountName, boolean ok) {
    }

    interface Accounts {
        Optional<Account> account(String name);
    }

    private final SecureRandom random = new SecureRandom();

    /**
     * Checks a Cred. {@code locName} is the SyncHdr Source/LocName (the user name for MD5);
     * {@code nonceB64} is the NextNonce we last sent this device (empty when none).
     */
    Verdict verify(Cred cred, String locName, String nonceB64, Accounts accounts) {
        String type = cred.meta() == null || cred.meta().type() == null ? BASIC : cred.meta().type().trim();
        String data = cred.data() == null ? "" : cred.data().trim();
        if (BASIC.equalsIgnoreCase(type)) {
            String decoded = decodeB64(data).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return new Verdict(null, false);
            }
            String name = decoded.substring(0, colon);
            String password = decoded.substring(colon + 1);
            boolean ok = accounts.account(name)
                    .map(a -> MessageDigest.isEqual(a.md5Digest().getBytes(StandardCharsets.US_ASCII),
                            userPassDigest(name, password).getBytes(StandardCharsets.US_ASCII)))
                    .orElse(false);
            return new Verdict(name, ok);
        }
        if (MD5.equalsIgnoreCase(type)) {
            if (locName == null || locName.isEmpty()) {
                return new Verdict(null, false); // MD5 without a user name cannot be checked
            }
            byte[] nonce = decodeB64(nonceB64 == null ? "" : nonceB64).orElse(new byte[0]);
            if (nonce.length == 0) {
                // b64(md5(digest ":")) is a fixed value per account, replayable forever: never accept it
                return new Verdict(locName, false);
            }
            boolean ok = accounts.account(locName)
                    .map(a -> MessageDigest.isEqual(md5Cred(a.md5Digest(), nonce).getBytes(StandardCharsets.US_ASCII),
                            data.getBytes(StandardCharsets.US_ASCII)))
                    .orElse(false);
            return new Verdict(locName, ok);
        }
        return new Verdict(locName, false);
    }

    static boolean isBasic(Cred cred) {
        return cred.meta() != null && cred.meta().type() != null && BASIC.equalsIgnoreCase(cred.meta().type().trim());
    }

    /** The account a Cred claims, without checking it: the decoded user for Basic, else LocName. */
    static String claimedName(Cred cred, String locName) {
        boolean basic = cred.meta() == null || cred.meta().type() == null || isBasic(cred);
        if (!basic) {
            return locName;
        }
        String decoded = decodeB64(cred.data() == null ? "" : cred.data().trim())
                .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : decoded.substring(0, colon);
    }

    /** b64(md5(user ":" password)), as stored per account. */
    static String userPassDigest(String user, String password) {
        return b64(md5((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** The SyncML 1.1/1.2 MD5 credential: b64(md5(b64(md5(user:password)) ":" nonce)). */
    static String md5Cred(String userPassDigest, byte[] nonce) {
        byte[] head = (userPassDigest + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + nonce.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(nonce, 0, all, head.length, nonce.length);
        return b64(md5(all));
    }

    /**
     * A fresh nonce of 12 printable ASCII bytes (about 78 random bits; 16 b64 characters without
     * padding, sent in every session's first reply: issue 10). Never a 0x00 byte: SyncEvolution
     * cuts the decoded nonce at the first NUL (a C string), and its MD5 credential would then not match ours.
     */
    String newNonce() {
        byte[] n = new byte[12];
        for (int i = 0; i < n.length; i++) {
            n[i] = (byte) ('!' + random.nextInt('~' - '!' + 1));
        }
        return b64(n);
    }

    static MetInf challenge(String type, String nonceB64) {
        return MetInf.EMPTY.withFormat("b64").withType(type).withNextNonce(MD5.equals(type) ? nonceB64 : null);
    }

    private static Optional<byte[]> decodeB64(String s) {
        try {
            return Optional.of(Base64.getMimeDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] md5(byte[] in) {
        try {
            return MessageDigest.getInstance("MD5").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always present in the JDK", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
