package meshchat.syncml.legacy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.Tx;

/**
 * The message file we show v2 nodes, as if we were one: the newest 500 stored messages that are
 * not 30 days or more ahead, sorted as v2 sorts. Purged messages are not stored, so they are
 * never in it. Rebuilt only when the store's change seq moves or a future message comes within
 * 30 days; v2 nodes poll every 10 s, so most requests are served from memory.
 *
 * <p>Building a view also records aliases for lossy lines (see {@link V2Format#v2Shape}): once a
 * v2 node may hold our line, the GUID it parses back into must never be imported as new.
 */
final class V2Db {

    /** One view: the messages (ascending, v2 order), their lines, the file, its MD5 and version. */
    record View(List<Message> messages, List<String> lines, Set<String> lineSet, byte[] body, String md5,
                String version) {
    }

    private final Store store;
    private final Clock clock;
    private View view;
    private long viewSeq = -1;
    private long validUntil;
    private Set<MessageId> aliased = Set.of();

    V2Db(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    synchronized View current() {
        long now = clock.instant().getEpochSecond();
        if (view != null && now < validUntil && store.read(Tx::lastSeq) == viewSeq) {
            return view;
        }
        List<Message> newest = new ArrayList<>();
        long seq = store.read(tx -> {
            // seq first: a change committed between the two reads makes the view newer than its
            // seq, so the next call rebuilds; the other order could cache a stale view for good
            long before = tx.lastSeq();
            newest.addAll(newestNotAhead(tx, now));
            return before;
        });
        List<Message> sorted = V2Format.sortAndCap(newest, now);
        validUntil = Long.MAX_VALUE;
        for (Message m : newest) {
            if (V2Format.tooFarAhead(m.epoch(), now)) { // it joins the view once now > epoch - 30 days
                validUntil = Math.min(validUntil, m.epoch() - V2Format.FUTURE_LIMIT_SECONDS + 1);
            }
        }
        recordAliases(sorted);
        List<String> lines = new ArrayList<>(sorted.size());
        for (Message m : sorted) {
            lines.add(V2Format.line(m));
        }
        byte[] body = V2Format.body(lines);
        view = new View(List.copyOf(sorted), List.copyOf(lines), Set.copyOf(lines), body, V2Format.md5Hex(body),
                V2Format.version(lines));
        viewSeq = seq;
        return view;
    }

    /** The newest messages until 500 of them are not too far ahead (future ones sort first). */
    private static List<Message> newestNotAhead(Tx tx, long now) {
        int want = V2Format.MAX_MESSAGES + 16;
        while (true) {
            List<Message> page = tx.newest(want, null, null);
            int inRange = 0;
            for (Message m : page) {
                inRange += V2Format.tooFarAhead(m.epoch(), now) ? 0 : 1;
            }
            if (inRange >= V2Format.MAX_MESSAGES || page.size() < want) {
                return page;
            }
            want *= 4;
        }
    }

    private void recordAliases(List<Message> messages) {
        Map<MessageId, MessageId> fresh = new HashMap<>();
        Set<MessageId> lossy = new HashSet<>();
        for (Message m : messages) {
            MessageId shape = V2Format.v2Shape(m).id();
            if (!shape.equals(m.id())) {
                lossy.add(m.id());
                if (!aliased.contains(m.id())) {
                    fresh.put(shape, m.id());
                }
            }
        }
        if (!fresh.isEmpty()) {
            store.write(tx -> {
                fresh.forEach(tx::putV2Alias);
                return null;
            });
        }
        aliased = lossy;
    }
}
