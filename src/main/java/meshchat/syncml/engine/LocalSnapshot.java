package meshchat.syncml.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import meshchat.syncml.chat.MessageId;

/**
 * What a client step needs from our store, read before the step: the time, our changes for the
 * peer (the compact queue, only for the step that ends package 2, when the mode is known), the
 * page of encoded items the step's message may carry (while package 3 goes out), and which of the
 * GUIDs in the peer's message we hold a tombstone for.
 *
 * @param queue null unless this step ends package 2
 */
record LocalSnapshot(Instant now, OutQueue queue, OutPage page, Set<MessageId> tombstoned) {
    LocalSnapshot {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(page, "page");
        tombstoned = Set.copyOf(tombstoned);
    }

    static LocalSnapshot at(Instant now) {
        return new LocalSnapshot(now, null, OutPage.NONE, Set.of());
    }

    LocalSnapshot withQueue(OutQueue q) {
        return new LocalSnapshot(now, q, page, tombstoned);
    }

    LocalSnapshot withPage(OutPage p) {
        return new LocalSnapshot(now, queue, p, tombstoned);
    }

    LocalSnapshot withTombstoned(Set<MessageId> t) {
        return new LocalSnapshot(now, queue, page, t);
    }
}
