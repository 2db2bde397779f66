package meshchat.syncml.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import meshchat.syncml.chat.MessageId;

/**
 * The stored messages a slow sync may match a client's item to, by text, for one datastore
 * session. Holds per message only a 64-bit hash of its text and its GUID's ASCII bytes in
 * primitive arrays (about 50 bytes a message: a few MB at 100,000), never the texts or Message
 * objects: a slow sync against a full server must fit a small heap (-Xmx64m). A hash hit is
 * only a candidate; the caller confirms the text by loading that one message.
 *
 * <p>Entries keep the order they were added (newest first), also among equal hashes, so of
 * several stored messages with one text the newest is matched first. Each is taken at most once.
 */
final class SlowSyncMatchIndex {

    /** What the caller found for a candidate. */
    enum Verdict {
        /** it is the stored message with this text and may be mapped: taken */
        TAKE,
        /** not this text (a hash collision): left for other texts */
        SKIP,
        /** never usable again in this session (mapped already, or purged since the index was read): dropped */
        DROP
    }

    private final ToLongFunction<String> hash;
    private long[] hashes = new long[1024];
    private int[] guidEnds = new int[1024];
    private byte[] guids = new byte[1024 * 32];
    private int size;
    private int[] heads;
    private int[] next;
    private BitSet gone;

    SlowSyncMatchIndex() {
        this(SlowSyncMatchIndex::textHash);
    }

    /** With another text hash: tests force collisions with it. */
    SlowSyncMatchIndex(ToLongFunction<String> hash) {
        this.hash = hash;
    }

    /** Adds a stored message (GUID, text); only before {@link #seal}. */
    void add(String guid, String text) {
        if (heads != null) {
            throw new IllegalStateException("the index is sealed");
        }
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
            guidEnds = Arrays.copyOf(guidEnds, size * 2);
        }
        int start = size == 0 ? 0 : guidEnds[size - 1];
        byte[] g = guid.getBytes(StandardCharsets.US_ASCII); // GUIDs are ASCII (MessageId)
        if (start + g.length > guids.length) {
            guids = Arrays.copyOf(guids, Math.max(guids.length * 2, start + g.length));
        }
        System.arraycopy(g, 0, guids, start, g.length);
        hashes[size] = hash.applyAsLong(text);
        guidEnds[size] = start + g.length;
        size++;
    }

    /** Ends adding: trims the arrays and chains equal buckets in the order entries were added. */
    void seal() {
        hashes = Arrays.copyOf(hashes, size);
        guidEnds = Arrays.copyOf(guidEnds, size);
        guids = Arrays.copyOf(guids, size == 0 ? 0 : guidEnds[size - 1]);
        int buckets = Integer.highestOneBit(Math.max(1, size) * 2 - 1) * 2;
        heads = new int[buckets];
        Arrays.fill(heads, -1);
        next = new int[size];
        for (int i = size - 1; i >= 0; i--) { // backwards, so each chain runs in adding order
            int b = bucket(hashes[i]);
            next[i] = heads[b];
            heads[b] = i;
        }
        gone = new BitSet(size);
    }

    /**
     * The first candidate for {@code text} the caller takes ({@link Verdict#TAKE}), or null.
     * Candidates are entries with the text's hash not taken or dropped before.
     */
    MessageId take(String text, Function<MessageId, Verdict> check) {
        long h = hash.applyAsLong(text);
        for (int i = heads[bucket(h)]; i >= 0; i = next[i]) {
            if (hashes[i] != h || gone.get(i)) {
                continue;
            }
            MessageId id = new MessageId(guid(i));
            Verdict v = check.apply(id);
            if (v != Verdict.SKIP) {
                gone.set(i);
            }
            if (v == Verdict.TAKE) {
                return id;
            }
        }
        return null;
    }

    int size() {
        return size;
    }

    /** The bytes this index holds in its arrays (for the memory bound test and logs). */
    long retainedBytes() {
        long bytes = 8L * hashes.length + 4L * guidEnds.length + guids.length;
        if (heads != null) {
            bytes += 4L * heads.length + 4L * next.length + gone.size() / 8;
        }
        return bytes;
    }

    private String guid(int i) {
        int start = i == 0 ? 0 : guidEnds[i - 1];
        return new String(guids, start, guidEnds[i] - start, StandardCharsets.US_ASCII);
    }

    private int bucket(long h) {
        long m = h * 0x9E3779B97F4A7C15L; // spread a weak (test) hash over the buckets
        return (int) (m >>> 32) & (heads.length - 1);
    }

    /** A 64-bit FNV-1a hash of the text's UTF-16 units, mixed (collisions are confirmed, never trusted). */
    static long textHash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
