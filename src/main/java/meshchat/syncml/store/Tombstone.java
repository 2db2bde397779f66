package meshchat.syncml.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

import meshchat.syncml.chat.MemoText;
import meshchat.syncml.chat.MessageId;

/**
 * What is left of a purged message: enough to refuse it forever and to tell who purged it.
 *
 * @param textHash {@link #textHash(String)} of the purged message's text, so a client that still
 *                 holds the text under its own id (a slow sync) is recognised; null when the GUID
 *                 was unknown at the purge and the Delete carried no hash (an older node's, or a
 *                 Delete that overtook its Add on a node that never held the message), or the
 *                 tombstone is older than schema version 5. A Delete on meshchat-full carries the
 *                 hash ({@link meshchat.syncml.chat.MessageItem#deleteData}), so a node that never
 *                 held the message still recognises its text
 */
public record Tombstone(MessageId id, Instant purgedAt, String purgedBy, String textHash) {
    public Tombstone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purgedAt, "purgedAt");
        Objects.requireNonNull(purgedBy, "purgedBy");
    }

    public Tombstone(MessageId id, Instant purgedAt, String purgedBy) {
        this(id, purgedAt, purgedBy, null);
    }

    /**
     * Lower-case hex SHA-256 of the UTF-8 bytes of the text in its memo form ({@link MemoText#normalize}):
     * a memo client holds a message that way (trailing white space dropped), so a message posted
     * through the API with trailing white space is still recognised in a client's slow sync.
     */
    public static String textHash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(MemoText.normalize(text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
