package meshchat.syncml.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import meshchat.syncml.chat.MessageId;

/**
 * Our package-3 changes for one client-role session, compact: per entry only its kind (Add or
 * Delete), its GUID's ASCII bytes, the seq of a stored message's ADD (-1: none known, read by
 * GUID) and the byte size of its encoded item, in primitive arrays (about 45 bytes an entry:
 * 4.5 MB at 100,000). Never the texts: each page of items is read and encoded from the store only
 * when a message is being filled ({@link OutPage}), so a slow sync with a peer fits a small heap
 * (-Xmx64m). Immutable once built; sessions share it from step to step without copying.
 */
final class OutQueue {
    static final OutQueue EMPTY = new Builder().build();

    private final byte[] guids;
    private final int[] guidEnds;
    private final long[] seqs;
    private final int[] sizes;

    private OutQueue(byte[] guids, int[] guidEnds, long[] seqs, int[] sizes) {
        this.guids = guids;
        this.guidEnds = guidEnds;
        this.seqs = seqs;
        this.sizes = sizes;
    }

    /** How many items the queue holds: the exact NumberOfChanges of our Sync. */
    int size() {
        return seqs.length;
    }

    MessageId guid(int i) {
        int start = i == 0 ? 0 : guidEnds[i - 1];
        return new MessageId(new String(guids, start, guidEnds[i] - start, StandardCharsets.US_ASCII));
    }

    boolean isDelete(int i) {
        return sizes[i] < 0;
    }

    /** The seq of the stored message's ADD, or -1 when it is read by GUID (a Delete, a two-way Add). */
    long seq(int i) {
        return seqs[i];
    }

    /** The encoded item's size in bytes (an Add's data; 0 for a Delete). */
    int bytes(int i) {
        return Math.max(0, sizes[i]);
    }

    /** Bytes the queue's arrays hold, for the tests that keep it compact. */
    long retainedBytes() {
        return guids.length + 4L * guidEnds.length + 8L * seqs.length + 4L * sizes.length;
    }

    /** Collects entries in sending order; Adds noted oldest first may be turned newest first. */
    static final class Builder {
        private byte[] guids = new byte[1024];
        private int[] guidEnds = new int[64];
        private long[] seqs = new long[64];
        private int[] sizes = new int[64];
        private int size;

        Builder delete(MessageId guid) {
            return put(guid, -1, -1);
        }

        Builder add(MessageId guid, long seq, int bytes) {
            return put(guid, seq, bytes);
        }

        int size() {
            return size;
        }

        private Builder put(MessageId guid, long seq, int bytes) {
            if (size == seqs.length) {
                guidEnds = Arrays.copyOf(guidEnds, size * 2);
                seqs = Arrays.copyOf(seqs, size * 2);
                sizes = Arrays.copyOf(sizes, size * 2);
            }
            int start = size == 0 ? 0 : guidEnds[size - 1];
            byte[] g = guid.value().getBytes(StandardCharsets.US_ASCII); // GUIDs are ASCII (MessageId)
            if (start + g.length > guids.length) {
                guids = Arrays.copyOf(guids, Math.max(guids.length * 2, start + g.length));
            }
            System.arraycopy(g, 0, guids, start, g.length);
            guidEnds[size] = start + g.length;
            seqs[size] = seq;
            sizes[size] = bytes;
            size++;
            return this;
        }

        /** Reverses the order of the entries from {@code from} on (a scan in seq order sent newest first). */
        Builder reverseFrom(int from) {
            int bytesFrom = from == 0 ? 0 : guidEnds[from - 1];
            byte[] g = new byte[guids.length];
            System.arraycopy(guids, 0, g, 0, bytesFrom);
            int at = bytesFrom;
            for (int i = size - 1; i >= from; i--) {
                int start = i == 0 ? 0 : guidEnds[i - 1];
                System.arraycopy(guids, start, g, at, guidEnds[i] - start);
                at += guidEnds[i] - start;
                guidEnds[i] = at; // written in place only after entry i's own bytes were copied
            }
            // guidEnds[from..] now hold the new ends in reverse: put them (and the rest) in order
            reverse(guidEnds, from, size);
            reverse(seqs, from, size);
            reverse(sizes, from, size);
            guids = g;
            return this;
        }

        OutQueue build() {
            return new OutQueue(Arrays.copyOf(guids, size == 0 ? 0 : guidEnds[size - 1]), Arrays.copyOf(guidEnds, size),
                    Arrays.copyOf(seqs, size), Arrays.copyOf(sizes, size));
        }

        private static void reverse(int[] a, int from, int to) {
            for (int i = from, j = to - 1; i < j; i++, j--) {
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }

        private static void reverse(long[] a, int from, int to) {
            for (int i = from, j = to - 1; i < j; i++, j--) {
                long t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
    }
}
