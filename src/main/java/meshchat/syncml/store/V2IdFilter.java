package meshchat.syncml.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which v2 ids are surely free, so {@link Tx#v2IdInUse} can answer most draws of a fresh id
 * without its two lookups (a slow sync of 10,000 memos draws 10,000). One bit per bucket of
 * 1,024 v2 ids (the top 22 of their 32 bits; 512 KiB): a clear bit means no stored message and
 * no tombstone has an id in that bucket; a set bit sends the question to the tables as before.
 * A needless bit costs a lookup; a missing one cannot happen:
 * <ul>
 *   <li>loading reads the v2 id of every stored message and tombstone: every row committed
 *       before that read is in it;</li>
 *   <li>every message and tombstone insert sets its bit right after it runs (committed or later
 *       rolled back), once loading has begun: an insert that ran before loading began is a row
 *       the read finds (it waits for the writer's row lock), one that ran after notes its bit.
 *       Noting before the insert would leave a gap: noted before loading began, inserted behind
 *       the read.</li>
 * </ul>
 * Loading waits until lookups have cost about what the read costs (a stored row is read for
 * about an eighth of a lookup), so an incremental sync's few posts on a large store never pay
 * it. One per database in this JVM (as {@link SeqCounter}); read again after each open of the
 * store (another process may have written the database), dropped at its close.
 */
final class V2IdFilter {
    private static final Map<String, V2IdFilter> BY_DATABASE = new ConcurrentHashMap<>();

    private static final int BUCKET_SHIFT = 10;
    private static final int WORDS = 1 << (32 - BUCKET_SHIFT - 6);
    /** Lookups allowed before loading, whatever the store's size. */
    static final int MIN_LOOKUPS = 64;

    /** Bits of buckets holding a stored or inserted id; null unless loading or loaded. */
    private long[] bits;
    private boolean loaded;
    private long lookups;
    /** Counts opens and closes: a read begun before one of them does not load. */
    private int generation;

    private V2IdFilter() {
    }

    static V2IdFilter forDatabase(String url) {
        return BY_DATABASE.computeIfAbsent(url, u -> new V2IdFilter());
    }

    /** At each open and close of the store: rows may be written while it is closed here. */
    synchronized void forget() {
        bits = null;
        loaded = false;
        lookups = 0;
        generation++;
    }

    /** Notes the v2 id of a message or tombstone about to be inserted. */
    synchronized void note(String v2Id) {
        if (bits != null) { // loading or loaded; else the next load reads the row
            set(bits, bucket(v2Id));
        }
    }

    /**
     * True only when no stored message or tombstone has this v2 id, so the tables need not be
     * asked; false when it may be in use or nothing is loaded yet. Loads when lookups have cost
     * enough: the last change seq bounds the rows that reads (every stored message and tombstone
     * took one).
     */
    boolean surelyFree(String v2Id, Sql sql, SeqCounter seqs) {
        int bucket = bucket(v2Id);
        if (bucket < 0) {
            return false;
        }
        synchronized (this) {
            if (loaded) {
                return !isSet(bits, bucket);
            }
        }
        long lastSeq = seqs.last(sql); // outside this lock: it may read the tables
        int reading;
        synchronized (this) {
            if (loaded) {
                return !isSet(bits, bucket);
            }
            if (++lookups < MIN_LOOKUPS || lookups < lastSeq / 8) {
                return false;
            }
            if (bits == null) {
                bits = new long[WORDS]; // from here on inserts note their ids
            }
            reading = generation;
        }
        // Read without the lock: a writer noting an insert must not wait for this read, which
        // may itself wait for that writer's row locks.
        long[] read = new long[WORDS];
        sql.each("v2IdFilter.messages", "SELECT guid FROM messages", rs -> {
            String guid = rs.getString(1);
            if (guid.length() > 8 && guid.charAt(8) == '-') { // as Tx.v2IdInUse: GUIDs from "<v2 id>-"
                set(read, bucket(guid.substring(0, 8)));
            }
            return null;
        });
        sql.each("v2IdFilter.tombstones", "SELECT v2_id FROM tombstones", rs -> {
            set(read, bucket(rs.getString(1)));
            return null;
        });
        synchronized (this) {
            if (generation != reading) {
                return false; // reopened or closed meanwhile: this read may be stale
            }
            for (int i = 0; i < WORDS; i++) {
                bits[i] |= read[i];
            }
            loaded = true;
            return !isSet(bits, bucket);
        }
    }

    /** Whether the bits are loaded (for tests). */
    synchronized boolean loaded() {
        return loaded;
    }

    private static void set(long[] words, int bucket) {
        if (bucket >= 0) {
            words[bucket >>> 6] |= 1L << bucket;
        }
    }

    private static boolean isSet(long[] words, int bucket) {
        return (words[bucket >>> 6] & (1L << bucket)) != 0;
    }

    /**
     * The bucket of an id of 8 lower-case hex digits, or -1 for any other text: such a question
     * goes to the tables. Every stored GUID and tombstone starts with 8 lower-case hex digits
     * (chat.MessageId), so no stored id is left out of the bits by this.
     */
    static int bucket(String v2Id) {
        if (v2Id == null || v2Id.length() != 8) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < 8; i++) {
            char c = v2Id.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v >>> BUCKET_SHIFT;
    }
}
