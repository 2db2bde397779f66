package meshchat.syncml.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The identity of a MeshChat message: our GUID.
 *
 * <p>Scheme: {@code <v2id>-<epoch>-<fp>}, where {@code v2id} is the message's 8 lower-case hex
 * MeshChat id, {@code epoch} its Unix seconds and {@code fp} the first 8 hex digits of
 * SHA-256 over (call sign, node, text). Why this satisfies the three identity rules:
 * <ol>
 *   <li>the same message reaching us through several paths (v2 bridges, SyncML peers, clients)
 *       carries the same fields, so it gets the same GUID and is stored once (peers carry the
 *       GUID itself, so even a lossy path cannot fork it);</li>
 *   <li>two different messages whose v2 ids collide (v2's server fallback reuses ids within one
 *       second) differ in epoch, author or text, so their GUIDs differ and they are never
 *       merged;</li>
 *   <li>v2 nodes are only ever shown the {@link #v2Id()} part, always 8 lower-case hex digits.</li>
 * </ol>
 * GUIDs are at most 64 characters (SyncEvolution's MaxGUIDSize) and ASCII only.
 */
public record MessageId(String value) implements Comparable<MessageId> {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{8}-\\d{1,19}-[0-9a-f]{8}");
    private static final Pattern V2_ID = Pattern.compile("[0-9a-f]{8}");

    public MessageId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a message GUID: " + value);
        }
    }

    /** Parses a GUID, or returns null when the text is not one. */
    public static MessageId parseOrNull(String text) {
        return text != null && SHAPE.matcher(text).matches() ? new MessageId(text) : null;
    }

    public static boolean isV2Id(String text) {
        return text != null && V2_ID.matcher(text).matches();
    }

    public static MessageId of(String v2Id, long epoch, String callSign, String node, String text) {
        if (!isV2Id(v2Id)) {
            throw new IllegalArgumentException("v2 id must be 8 lower-case hex digits: " + v2Id);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
        return new MessageId(v2Id + "-" + epoch + "-" + fingerprint(callSign, node, text));
    }

    public String v2Id() {
        return value.substring(0, 8);
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(MessageId::sha256);

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }

    private static String fingerprint(String callSign, String node, String text) {
        MessageDigest sha = SHA_256.get(); // getInstance looks the provider up each time: once per thread
        sha.reset(); // nothing left over from a call that failed half-way
        for (String part : new String[] {callSign, node, text}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0); // separator: ("ab","c") and ("a","bc") must differ
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 4);
    }

    @Override
    public int compareTo(MessageId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
