package meshchat.syncml.engine;

import java.util.function.Predicate;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;

/**
 * Package 4's Adds read from the store as the replies go out, into {@link DatastoreSession#pending},
 * so a session holds about two replies' worth of them, not the whole package: {@link UnmappedFeed}
 * for a slow sync or refresh, {@link ChangedFeed} for a two-way sync.
 */
sealed interface Package4Feed permits UnmappedFeed, ChangedFeed {
    /** What an Add costs beside its data, roughly (command, CmdID, Meta Type, Item, Source LocURI). */
    int ADD_OVERHEAD = 120;

    /** Whether everything this feed has to send is in the pending commands. */
    boolean done();

    /**
     * Reads until the pending commands hold about {@code bytes} of encoded commands or the feed
     * is done. {@code view} must have nothing pending (a change-log read). A command that is not
     * {@code sendable} (over the client's MaxObjSize) is left out here, so a run of them does not
     * leave the queue empty while the feed goes on.
     */
    void topUp(ServerView view, long bytes, Predicate<Command> sendable);

    /** Estimated encoded bytes of the pending commands, stopping once past {@code bytes}. */
    static long queued(DatastoreSession ds, long bytes) {
        long have = 0;
        for (Command c : ds.pending) {
            have += estimate(c);
            if (have >= bytes) {
                break;
            }
        }
        return have;
    }

    static long estimate(Command c) {
        long n = ADD_OVERHEAD;
        for (Item i : c.items()) {
            n += i.data() == null ? 0 : i.data().length();
        }
        return n;
    }
}
