package meshchat.syncml.engine;

import java.util.Objects;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * One of our changes for the peer, read from the store: an Add of a message or a Delete of a GUID.
 *
 * @param textHash a Delete's purged text hash from its tombstone (carried as the Delete's Data), or null
 */
record Outgoing(MessageId guid, Message message, String textHash) {
    Outgoing {
        Objects.requireNonNull(guid, "guid");
    }

    static Outgoing add(Message m) {
        return new Outgoing(m.id(), m, null);
    }

    static Outgoing delete(MessageId guid, String textHash) {
        return new Outgoing(guid, null, textHash);
    }

    boolean isDelete() {
        return message == null;
    }
}
