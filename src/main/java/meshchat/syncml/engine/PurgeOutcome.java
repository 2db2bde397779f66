package meshchat.syncml.engine;

import java.util.List;

import meshchat.syncml.chat.Message;
import meshchat.syncml.store.Tombstone;

/**
 * What {@link ChatDesk#purge} did. Java 17 has no pattern switch: dispatch on {@link #kind()}.
 */
public sealed interface PurgeOutcome {

    /** The closed set of outcomes, one per record below. */
    enum Kind { PURGED, ALREADY_PURGED, NOT_FOUND, AMBIGUOUS, FORBIDDEN, NOT_AN_ID }

    Kind kind();

    /** Purged now: the message is gone and its tombstone written. */
    record Purged(Message message) implements PurgeOutcome {
        public Kind kind() {
            return Kind.PURGED;
        }
    }

    /** Nothing to purge: it was purged before (only a GUID finds a tombstone). */
    record AlreadyPurged(Tombstone tombstone) implements PurgeOutcome {
        public Kind kind() {
            return Kind.ALREADY_PURGED;
        }
    }

    /** No message and no tombstone has this id. */
    record NotFound(String id) implements PurgeOutcome {
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }

    /** A v2 id naming several messages: purge one of them by its GUID. */
    record Ambiguous(String id, List<Message> candidates) implements PurgeOutcome {
        public Ambiguous {
            candidates = List.copyOf(candidates);
        }

        public Kind kind() {
            return Kind.AMBIGUOUS;
        }
    }

    /** The account may not purge; {@code reason} says so, for the client. */
    record Forbidden(String reason) implements PurgeOutcome {
        public Kind kind() {
            return Kind.FORBIDDEN;
        }
    }

    /** Neither a GUID nor an 8-hex v2 id. */
    record NotAnId(String id) implements PurgeOutcome {
        public Kind kind() {
            return Kind.NOT_AN_ID;
        }
    }
}
