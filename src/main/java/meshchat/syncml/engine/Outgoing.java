package meshchat.syncml.engine;

import java.util.Objects;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/** One of our changes for the peer, read from the store: an Add of a message or a Delete of a GUID. */
record Outgoing(MessageId guid, Message message) {
    Outgoing {
        Objects.requireNonNull(guid, "guid");
    }

    static Outgoing add(Message m) {
        return new Outgoing(m.id(), m);
    }

    static Outgoing delete(MessageId guid) {
        return new Outgoing(guid, null);
    }

    boolean isDelete() {
        return message == null;
    }
}
