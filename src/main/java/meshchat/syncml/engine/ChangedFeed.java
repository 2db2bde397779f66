package meshchat.syncml.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.ItemCommand;

/**
 * Package 4 of a two-way sync, as it goes out: the messages to add were chosen from the change
 * log when the package started (newest first; counted for NumberOfChanges), but only their ids
 * are kept; each is read again and made an Add a few replies ahead. The Deletes follow the Adds,
 * as they did when the package was held whole. Holding the whole package took about 0.47 KB a
 * message until the last reply (28.7 MB at the peak for 50,000, TwoWayBacklogHeapBenchmark); an
 * id takes under 100 bytes (11.4 MB at the peak for 50,000, two replies' worth of Adds included).
 *
 * <p>A message purged between the start of the package and its turn is not sent (the client never
 * had it); NumberOfChanges then counted it.
 */
final class ChangedFeed implements Package4Feed {
    /** Messages read per top-up step, at most. */
    static final int PAGE = 200;

    private final DatastoreSession ds;
    private final Deque<MessageId> adds;
    private final List<ItemCommand> deletes;
    private boolean end;

    ChangedFeed(DatastoreSession ds, Deque<MessageId> adds, List<ItemCommand> deletes) {
        this.ds = ds;
        this.adds = new ArrayDeque<>(adds);
        this.deletes = List.copyOf(deletes);
        this.end = adds.isEmpty() && deletes.isEmpty();
    }

    /** Commands still to read (Adds and Deletes). */
    int size() {
        return end ? 0 : adds.size() + deletes.size();
    }

    @Override
    public boolean done() {
        return end;
    }

    @Override
    public void topUp(ServerView view, long bytes, Predicate<Command> sendable) {
        long have = Package4Feed.queued(ds, bytes);
        while (!end && have < bytes) {
            for (int i = 0; i < PAGE && !adds.isEmpty(); i++) {
                Optional<Message> m = view.message(adds.poll());
                if (m.isEmpty()) {
                    continue; // purged meanwhile
                }
                ItemCommand add = ServerChanges.add(ds, m.get());
                if (sendable.test(add)) {
                    ds.pending.add(add);
                    have += Package4Feed.estimate(add);
                }
            }
            if (adds.isEmpty()) {
                ds.pending.addAll(deletes);
                end = true;
            }
        }
    }
}
