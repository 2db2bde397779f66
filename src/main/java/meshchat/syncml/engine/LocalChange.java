package meshchat.syncml.engine;

import java.util.Objects;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.store.SyncState;

/**
 * A store write the client role decided on. A step returns a list of them; {@link PeerClient}
 * commits the list in one transaction before it sends the step's message, so the decisions stay
 * plain data and the anchors move only with the step that completes the session.
 */
sealed interface LocalChange {
    enum Kind { STORE_MESSAGE, PURGE, MARK_HELD, SAVE_NONCE, SAVE_ANCHORS }

    Kind kind();

    /** Store a message the peer sent (a no-op when it is stored or tombstoned already). */
    record StoreMessage(Message message) implements LocalChange {
        public StoreMessage {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Kind kind() {
            return Kind.STORE_MESSAGE;
        }
    }

    /**
     * Purge zone-wide (the peer is a node we chose to link to); an unknown GUID is tombstoned too,
     * with the text hash the peer's Delete carried (null: none).
     */
    record Purge(MessageId guid, String textHash) implements LocalChange {
        public Purge {
            Objects.requireNonNull(guid, "guid");
        }

        @Override
        public Kind kind() {
            return Kind.PURGE;
        }
    }

    /** The peer holds this message: never send it to that peer again (echo rule). */
    record MarkHeld(MessageId guid) implements LocalChange {
        public MarkHeld {
            Objects.requireNonNull(guid, "guid");
        }

        @Override
        public Kind kind() {
            return Kind.MARK_HELD;
        }
    }

    /** The NextNonce the peer gave us for our next credential. */
    record SaveNonce(String nonce) implements LocalChange {
        public SaveNonce {
            Objects.requireNonNull(nonce, "nonce");
        }

        @Override
        public Kind kind() {
            return Kind.SAVE_NONCE;
        }
    }

    /** The session completed: these anchors (and the change seq the peer has now seen) stand. */
    record SaveAnchors(SyncState state) implements LocalChange {
        public SaveAnchors {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public Kind kind() {
            return Kind.SAVE_ANCHORS;
        }
    }
}
