package meshchat.syncml.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HTTP Digest (RFC 7616) with MD5, the one algorithm every browser and curl speaks: what is stored
 * for it and the realm. No password crosses the air, only MD5 responses to our nonces; amateur
 * radio rules out encryption, so this (like SyncML's MD5 auth) is the protection we have.
 */
public final class HttpDigest {
    /** The protection space of the pages and the JSON API (part of HA1: changing it voids every HA1). */
    public static final String REALM = "meshchat";

    private HttpDigest() {
    }

    /** HA1 = hex md5(name ":" realm ":" password), RFC 7616 3.4.2; store it when a password is set. */
    public static String ha1(String name, String password) {
        return md5Hex(name + ":" + REALM + ":" + password);
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always present in the JDK", e);
        }
    }
}
