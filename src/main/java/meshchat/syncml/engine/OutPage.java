package meshchat.syncml.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.store.SequencedMessage;
import meshchat.syncml.store.Tx;

/**
 * The items of one stretch of an {@link OutQueue}, read and encoded for the message being filled:
 * queue entries {@code from} to {@code from + items.size() - 1}. Read before each package-3 step
 * and dropped after it, so the session never holds more encoded items than one message's worth.
 * A message purged since the queue was read goes as its Delete (with the tombstone's text hash):
 * the peer learns the purge now, and the Sync still carries exactly the NumberOfChanges it
 * announced.
 */
record OutPage(int from, List<ClientSession.OutItem> items) {
    static final OutPage NONE = new OutPage(0, List.of());

    OutPage {
        items = List.copyOf(items);
    }

    /**
     * Reads entries from {@code from} on until their encoded sizes (plus a little per item) pass
     * {@code budget}, the most one message can carry; at least one entry.
     */
    static OutPage read(Tx tx, OutQueue queue, int from, long budget) {
        int to = from;
        long bytes = 0;
        while (to < queue.size() && (to == from || bytes < budget)) {
            bytes += queue.bytes(to) + 32L; // an item command is never smaller than its data and a few tags
            to++;
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            if (queue.seq(i) >= 0) {
                lo = Math.min(lo, queue.seq(i));
                hi = Math.max(hi, queue.seq(i));
            }
        }
        Map<Long, SequencedMessage> bySeq = new HashMap<>();
        if (lo <= hi) { // one range scan over messages_seq for the stretch's slow-sync Adds
            for (SequencedMessage m : tx.messagesInSeqRange(lo, hi)) {
                bySeq.put(m.seq(), m);
            }
        }
        List<ClientSession.OutItem> items = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            MessageId guid = queue.guid(i);
            meshchat.syncml.chat.Message m = null;
            if (!queue.isDelete(i)) {
                SequencedMessage s = queue.seq(i) >= 0 ? bySeq.get(queue.seq(i)) : null;
                m = s != null ? s.message() : queue.seq(i) < 0 ? tx.message(guid).orElse(null) : null;
                if (m != null && !m.id().equals(guid)) {
                    m = null; // not ours: never, seqs are unique and never reused; read as purged
                }
            }
            items.add(m != null
                    ? new ClientSession.OutItem(Command.Kind.ADD, guid, MessageItem.encode(m), false)
                    // a purge's Delete carries the text hash (MessageItem, "Deletes"); none: no Data
                    : new ClientSession.OutItem(Command.Kind.DELETE, guid,
                            MessageItem.deleteData(DeleteHashes.hashFor(tx, guid)), false));
        }
        return new OutPage(from, items);
    }
}
