package meshchat.syncml.engine;

import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.store.UnmappedPage;

/**
 * Package 4 of a slow sync or refresh, read from the store as it goes out: the Adds for the
 * messages the client lacks, newest first, a page at a time into {@link DatastoreSession#pending},
 * each top-up inside the transaction of the client message it answers. A session sending 100,000
 * messages holds about two replies' worth of them, not the chat.
 *
 * <p>The scan goes on from the last row read: a message posted meanwhile is newer and waits for the
 * next sync (its seq is after the one this session saves); a message purged meanwhile is not sent.
 * The scan stops early on the count taken at the start only while the change log has not moved
 * since: a message that arrives meanwhile with an older posting time (a v2 node's or a peer's)
 * lands below the cursor and is read too, and stopping on the count would then leave the oldest
 * counted message unsent while the saved seq says it was. Then the scan runs to its end; sending
 * the newcomer now is harmless (the client maps it, so the next two-way sync skips it).
 */
final class UnmappedFeed implements Package4Feed {
    /** Rows read per page. */
    static final int PAGE_ROWS = 200;

    private final DatastoreSession ds;
    private UnmappedPage.Position after;
    private boolean end;
    /** Messages still to read of the count taken with package 4 (a slow sync whose items all matched reads none). */
    private long remaining;
    /** The change log's last seq when the count was taken. */
    private final long countedAt;

    UnmappedFeed(DatastoreSession ds, long count, long countedAt) {
        this.ds = ds;
        this.remaining = count;
        this.countedAt = countedAt;
        this.end = count <= 0;
    }

    /** Whether every message the client lacks has been read into the pending commands. */
    @Override
    public boolean done() {
        return end;
    }

    @Override
    public void topUp(ServerView view, long bytes, java.util.function.Predicate<Command> sendable) {
        long have = Package4Feed.queued(ds, bytes);
        while (!end && have < bytes) {
            UnmappedPage page = view.unmappedPage(ds.key, ds.channel, after, PAGE_ROWS);
            for (Message m : page.messages()) {
                Command add = ServerChanges.add(ds, m);
                remaining--;
                if (sendable.test(add)) {
                    ds.pending.add(add);
                    have += Package4Feed.estimate(add);
                }
            }
            after = page.next();
            end = page.end() || remaining <= 0 && view.lastSeq() == countedAt;
        }
    }
}
