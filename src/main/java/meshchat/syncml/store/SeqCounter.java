package meshchat.syncml.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The change seqs of one database: one counter for messages (their ADD), tombstones (PURGE) and
 * hidden marks (HIDE), so that storing a message costs no change-log row. Used under the store's
 * write lock, so seqs commit in increasing order.
 *
 * <p>Never hands out a seq twice in a process, not even after a rollback (an engine session may
 * hold a seq read in a transaction that later rolled back). A new process starts above every seq
 * committed before: the first allocation reads the highest seq of every table that keeps one. The
 * seqs of a transaction lost to a crash or a rollback were never seen outside it; they may come
 * again after a restart, and are otherwise gaps. One counter per database URL in this JVM, so two
 * stores opened on one folder cannot hand out the same seq.
 */
final class SeqCounter {
    private static final Map<String, SeqCounter> BY_DATABASE = new ConcurrentHashMap<>();

    /** The last seq handed out or found stored. */
    private long last;
    /** Whether the tables must be read before the next allocation (set at each open of the store). */
    private boolean unread = true;

    private SeqCounter() {
    }

    static SeqCounter forDatabase(String url) {
        return BY_DATABASE.computeIfAbsent(url, u -> new SeqCounter());
    }

    /** Called when the store opens: another process may have written the database since it was last open here. */
    synchronized void reread() {
        unread = true;
    }

    /**
     * The next seq, above every seq committed or handed out before (reads the tables on the first
     * use after an open; never goes back, should another store of this JVM hold newer seqs).
     */
    synchronized long next(Sql sql) {
        last(sql);
        return ++last;
    }

    /** The last seq handed out or stored (reads the tables on the first use after an open). */
    synchronized long last(Sql sql) {
        if (unread) {
            last = Math.max(last, highestStored(sql));
            unread = false;
        }
        return last;
    }

    /**
     * The highest seq any table keeps, committed or written by this transaction. Purges and hides
     * keep their changes rows, so changes and messages would do; tombstones, hidden and the clients'
     * seen seqs are read too (once per process) so that no anchor can ever be at or above a new seq.
     */
    static long highestStored(Sql sql) {
        long max = 0;
        for (String q : new String[] {"SELECT MAX(seq) FROM changes", Tx.MESSAGES_MAX_SEQ,
                "SELECT MAX(seq) FROM tombstones", "SELECT MAX(seq) FROM hidden",
                "SELECT MAX(seen_seq) FROM sync_state", "SELECT MAX(prev_seen_seq) FROM sync_state"}) {
            max = Math.max(max, sql.number("seqCounter.highest", q));
        }
        return max;
    }
}
