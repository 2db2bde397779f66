package meshchat.syncml.chat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The lossless item encoding of a message, for peer nodes and any SyncML client that wants every
 * field: content type {@value #CONTENT_TYPE} (version {@value #VERSION}) on the datastore
 * {@value #DATASTORE}. Memo clients keep {@code text/plain} on {@code meshchat}.
 *
 * <p>The item data is UTF-8 text: header lines {@code Name: value}, a blank line, then the
 * message text exactly (LF line ends):
 * <pre>
 * Id: 0a1b2c3d-1764000000-9f86d081
 * Epoch: 1764000000
 * Call-Sign: K1ABC
 * Node: k1abc-node
 * Platform: pi
 * Channel: Emergency
 *
 * the text, possibly
 * over several lines
 * </pre>
 * Header names are case-insensitive; Id, Epoch, Call-Sign and Node are required, Platform defaults
 * to {@code pi} and Channel to {@code ""} (Everything). Unknown headers are ignored, so later
 * versions can add fields. CR before LF is tolerated in the header. Decoding is pure and bounded
 * by the item's size; a malformed item is an IllegalArgumentException that names what is wrong.
 *
 * <p><b>Deletes.</b> A Delete names the message's GUID (its LUID here) and needs no data. On this
 * datastore our nodes give it, as item Data with Meta Type {@value #CONTENT_TYPE}, the purged
 * message's text hash in the same header form, one line:
 * <pre>
 * Text-Hash: 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b
 * </pre>
 * the lower-case hex SHA-256 of the UTF-8 bytes of the text in its memo form ({@link MemoText#normalize}),
 * {@value #TEXT_HASH_CHARS} digits. A node that never held the message keeps the hash with its
 * tombstone, so a memo client's copy of the purged text (a memo item carries no GUID, only its text)
 * is still recognised when that client slow-syncs there. The hash is optional and only a hint: a
 * Delete without Data purges (or hides) as before, a hash that is not exactly {@value #TEXT_HASH_CHARS}
 * hex digits is ignored (the Delete still applies), a hash from an account that may not purge is
 * ignored, and a third-party client may ignore the Data altogether (SyncML gives a Delete's Data no
 * meaning of its own).
 */
public final class MessageItem {
    public static final String CONTENT_TYPE = "text/x-meshchat-message";
    public static final String VERSION = "1.0";
    /** The datastore whose items are of this type. */
    public static final String DATASTORE = "meshchat-full";
    /** Hex digits of a Delete's text hash (SHA-256). */
    public static final int TEXT_HASH_CHARS = 64;
    /** The Delete item's header naming the purged text's hash. */
    private static final String TEXT_HASH = "text-hash";
    /** Longest Delete data we read a hash from: a few header lines, not a message. */
    private static final int MAX_DELETE_DATA_CHARS = 4096;
    /** More header lines than this is not a message item (an attacker's, or the wrong type). */
    private static final int MAX_HEADERS = 32;

    private MessageItem() {
    }

    /** The item data for {@code m}; {@link #decode} gives {@code m} back, field for field. */
    public static String encode(Message m) {
        return "Id: " + m.id().value() + "\nEpoch: " + m.epoch() + "\nCall-Sign: " + m.callSign()
                + "\nNode: " + m.node() + "\nPlatform: " + m.platform() + "\nChannel: " + m.channel()
                + "\n\n" + m.text();
    }

    /** The message in {@code data}; throws IllegalArgumentException saying what is wrong with it. */
    public static Message decode(String data) {
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("empty " + CONTENT_TYPE + " item");
        }
        Map<String, String> headers = new HashMap<>();
        int pos = 0;
        while (true) {
            int lf = data.indexOf('\n', pos);
            if (lf < 0) {
                throw new IllegalArgumentException(CONTENT_TYPE + " item has no blank line before its text");
            }
            String line = data.substring(pos, lf);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = lf + 1;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(CONTENT_TYPE + " header line without 'Name:': "
                        + clip(line));
            }
            if (headers.size() >= MAX_HEADERS) {
                throw new IllegalArgumentException(CONTENT_TYPE + " item has more than " + MAX_HEADERS
                        + " header lines");
            }
            headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        MessageId id = MessageId.parseOrNull(required(headers, "id"));
        if (id == null) {
            throw new IllegalArgumentException(CONTENT_TYPE + " Id is not a message GUID: " + clip(headers.get("id")));
        }
        long epoch;
        try {
            epoch = Long.parseLong(required(headers, "epoch"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONTENT_TYPE + " Epoch is not a number: " + clip(headers.get("epoch")));
        }
        return new Message(id, epoch, data.substring(pos), required(headers, "call-sign"),
                required(headers, "node"), headers.getOrDefault("platform", "pi"), headers.getOrDefault("channel", ""));
    }

    /** The Data of a Delete carrying {@code textHash} ({@code Text-Hash: <hex>} and LF); null when it is not a text hash. */
    public static String deleteData(String textHash) {
        String hash = textHashOrNull(textHash);
        return hash == null ? null : "Text-Hash: " + hash + "\n";
    }

    /**
     * The text hash a Delete's Data carries, lower-case; null when it carries none or a malformed
     * one (never throws: the hash is only a hint, the Delete applies without it).
     */
    public static String deleteTextHash(String data) {
        if (data == null || data.isEmpty() || data.length() > MAX_DELETE_DATA_CHARS) {
            return null;
        }
        int lines = 0;
        for (String line : data.split("\n", MAX_HEADERS + 1)) {
            if (++lines > MAX_HEADERS) {
                return null;
            }
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isEmpty()) {
                return null; // the end of the header: no hash in it
            }
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(TEXT_HASH)) {
                return textHashOrNull(l.substring(colon + 1).strip());
            }
        }
        return null;
    }

    /** {@code s} lower-cased when it is exactly {@value #TEXT_HASH_CHARS} hex digits, else null. */
    public static String textHashOrNull(String s) {
        if (s == null || s.length() != TEXT_HASH_CHARS) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return null;
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private static String required(Map<String, String> headers, String name) {
        String v = headers.get(name);
        if (v == null) {
            throw new IllegalArgumentException(CONTENT_TYPE + " item lacks its " + name + " header");
        }
        return v;
    }

    private static String clip(String s) {
        return s == null ? "null" : s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
