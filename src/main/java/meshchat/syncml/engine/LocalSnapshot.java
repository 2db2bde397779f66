package meshchat.syncml.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import meshchat.syncml.chat.MessageId;

/**
 * What a client step needs from our store, read before the step: the time, our changes for the
 * peer (only for the step that ends package 2, when the mode is known) and which of the GUIDs in
 * the peer's message we hold a tombstone for.
 */
record LocalSnapshot(Instant now, List<Outgoing> outgoing, Set<MessageId> tombstoned) {
    LocalSnapshot {
        Objects.requireNonNull(now, "now");
        outgoing = List.copyOf(outgoing);
        tombstoned = Set.copyOf(tombstoned);
    }

    static LocalSnapshot at(Instant now) {
        return new LocalSnapshot(now, List.of(), Set.of());
    }

    LocalSnapshot withOutgoing(List<Outgoing> out) {
        return new LocalSnapshot(now, out, tombstoned);
    }

    LocalSnapshot withTombstoned(Set<MessageId> t) {
        return new LocalSnapshot(now, outgoing, t);
    }
}
