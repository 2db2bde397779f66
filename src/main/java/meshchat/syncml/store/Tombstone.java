package meshchat.syncml.store;

import java.time.Instant;
import java.util.Objects;

import meshchat.syncml.chat.MessageId;

/** What is left of a purged message: enough to refuse it forever and to tell who purged it. */
public record Tombstone(MessageId id, Instant purgedAt, String purgedBy) {
    public Tombstone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purgedAt, "purgedAt");
        Objects.requireNonNull(purgedBy, "purgedBy");
    }
}
