package meshchat.syncml.store;

import java.util.Objects;

import meshchat.syncml.chat.MessageId;

/**
 * One row of the change log.
 *
 * @param seq     its change sequence number, increasing in commit order
 * @param kind    what happened
 * @param id      the message concerned
 * @param account for {@link Kind#HIDE}, whose view it was hidden from; null otherwise
 */
public record Change(long seq, Kind kind, MessageId id, String account) {

    public enum Kind {
        /** a message was stored */
        ADD,
        /** a message was purged zone-wide (a tombstone now stands for it) */
        PURGE,
        /** a message was hidden from one account's devices */
        HIDE
    }

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if ((kind == Kind.HIDE) != (account != null)) {
            throw new IllegalArgumentException("account is given for HIDE and only for HIDE: " + kind);
        }
    }
}
