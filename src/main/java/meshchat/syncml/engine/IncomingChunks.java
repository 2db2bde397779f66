package meshchat.syncml.engine;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.RawText;
import meshchat.syncml.protocol.StatusCode;

/**
 * Reassembles a large object the client sends in chunks (RepPro 1.2, "Large Object Handling"):
 * the first chunk declares the total Size, every chunk but the last has MoreData, and each is
 * answered 213 until the last, whose size is checked (424 on a mismatch). A chunk that takes the
 * data past the declared Size is refused at once with 424 (size mismatch: the object can no
 * longer match its Size, so buffering more is pointless). A chunk sequence that is interrupted by
 * another command is dropped and answered with Alert 223. Buffered bytes count against the
 * account's cap ({@link LargeObjectBuffers}); over it the chunk is refused with 413.
 */
final class IncomingChunks {
    /** An object being received: its command kind, LUID, declared size and the data so far. */
    static final class Partial {
        private final Command.Kind kind;
        private final String luid;
        private final long declaredSize;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private final DatastoreSession owner;
        /** Type and Format of the first chunk (its item's, else its command's): they name the whole object. */
        private final MetInf first;
        /** Characters received (some clients declare Size in characters, not bytes). */
        private long chars;
        private Instant touched;

        Partial(Command.Kind kind, String luid, long declaredSize, DatastoreSession owner, MetInf first, Instant now) {
            this.first = first;
            this.kind = kind;
            this.luid = luid;
            this.declaredSize = declaredSize;
            this.owner = owner;
            this.touched = now;
        }

        Command.Kind kind() {
            return kind;
        }

        String luid() {
            return luid;
        }

        long declaredSize() {
            return declaredSize;
        }

        synchronized long size() {
            return data.size();
        }

        /** Still held by its datastore session and added to since {@code since}. */
        synchronized boolean live(Instant since) {
            return owner.partial == this && touched.isAfter(since);
        }

        synchronized void append(byte[] bytes, int charCount, Instant now) {
            data.writeBytes(bytes);
            chars += charCount;
            touched = now;
        }

        /** Past the declared Size whether it counts bytes or characters. */
        synchronized boolean overDeclared() {
            return data.size() > declaredSize && chars > declaredSize;
        }

        synchronized byte[] bytes() {
            return data.toByteArray();
        }
    }

    /**
     * The outcome for one incoming item: either the whole item to apply ({@code code} null) or the
     * status that answers it now ({@code whole} null). {@code dropped}: a partial object this item
     * interrupted (owed an Alert 223), or null.
     */
    record Outcome(StatusCode code, Item whole, Partial dropped) {
        Outcome {
            if ((code == null) == (whole == null)) {
                throw new IllegalArgumentException("an outcome is a status or a whole item, not both or neither");
            }
        }

        static Outcome answered(StatusCode code, Partial dropped) {
            return new Outcome(code, null, dropped);
        }

        static Outcome whole(Item whole, Partial dropped) {
            return new Outcome(null, whole, dropped);
        }
    }

    /** A chunked object refused part-way: its LUID, and the code its remaining chunks get too. */
    record Refused(String luid, StatusCode code) {
        Refused {
            java.util.Objects.requireNonNull(luid);
            java.util.Objects.requireNonNull(code);
        }
    }

    private final long maxObjSize;
    private final LargeObjectBuffers buffers;

    IncomingChunks(long maxObjSize, LargeObjectBuffers buffers) {
        this.maxObjSize = maxObjSize;
        this.buffers = buffers;
    }

    /**
     * Takes one incoming item of an Add or Replace. Returns the whole item to apply when one is
     * complete (a plain item, or the last chunk), or a status (213 buffered, 411/413/424 errors).
     * {@code dropped} reports a partial object this item interrupted (owed an Alert 223).
     */
    Outcome accept(String account, DatastoreSession ds, ItemCommand cmd, Item item, Instant now) {
        Partial p = ds.partial;
        Partial dropped = null;
        String luid = item.sourceUri();
        if (p != null && !(p.kind() == cmd.kind() && p.luid().equals(luid))) {
            dropped = p;
            drop(account, ds);
            p = null;
        }
        String data = item.data() == null ? "" : item.data();
        if (p == null && ds.refused != null) {
            boolean sized = item.meta() != null && item.meta().size() != null || cmd.meta() != null && cmd.meta().size() != null;
            if (ds.refused.luid().equals(luid) && !sized) { // the rest of an object we refused: never stored as a whole item
                StatusCode code = ds.refused.code();
                if (!item.moreData()) {
                    ds.refused = null;
                }
                return Outcome.answered(code, dropped);
            }
            ds.refused = null;
        }
        if (p == null) {
            Long size = item.meta() != null && item.meta().size() != null ? item.meta().size()
                    : cmd.meta() != null ? cmd.meta().size() : null;
            if (size != null && size > maxObjSize) {
                return Outcome.answered(StatusCode.REQUEST_ENTITY_TOO_LARGE, dropped);
            }
            if (!item.moreData()) {
                return Outcome.whole(item, dropped);
            }
            if (size == null) {
                return Outcome.answered(StatusCode.SIZE_REQUIRED, dropped); // Size is required on the first chunk
            }
            p = new Partial(cmd.kind(), luid, size, ds, typeAndFormat(item, cmd), now);
            ds.partial = p;
        }
        // Chunks are joined as bytes: a client may cut a chunk inside a UTF-8 character.
        byte[] bytes = RawText.encode(data);
        if (!buffers.reserve(account, p, bytes.length, now)) {
            org.slf4j.LoggerFactory.getLogger(IncomingChunks.class).warn(
                    "account {}: buffered large objects would exceed the cap; chunk of {} refused", account, luid);
            return refuse(account, ds, item, StatusCode.REQUEST_ENTITY_TOO_LARGE, dropped);
        }
        p.append(bytes, data.length(), now);
        if (p.size() > maxObjSize) {
            return refuse(account, ds, item, StatusCode.REQUEST_ENTITY_TOO_LARGE, dropped);
        }
        if (p.overDeclared()) {
            return refuse(account, ds, item, StatusCode.SIZE_MISMATCH, dropped);
        }
        if (item.moreData()) {
            return Outcome.answered(StatusCode.CHUNKED_ITEM_ACCEPTED, dropped);
        }
        drop(account, ds);
        byte[] all = p.bytes();
        String whole = RawText.decode(all, 0, all.length);
        long total = all.length;
        // Size counts bytes; some clients count characters, and SCTS declares one more. XML
        // parsers turn every CRLF into LF, so in XML up to one byte per line may be gone.
        long lines = whole.chars().filter(ch -> ch == '\n').count();
        long missing = p.declaredSize() - total;
        if (p.declaredSize() != whole.length() && (missing < 0 || missing > lines + 1)) {
            return Outcome.answered(StatusCode.SIZE_MISMATCH, dropped);
        }
        return Outcome.whole(Item.withData(item.target(), item.source(), wholeMeta(p.first, item.meta()), whole), dropped);
    }

    /** The Type and Format a first chunk names (its item's Meta, else its command's). */
    private static MetInf typeAndFormat(Item item, ItemCommand cmd) {
        MetInf own = MetInf.orEmpty(item.meta());
        MetInf of = MetInf.orEmpty(cmd.meta());
        String type = own.type() != null ? own.type() : of.type();
        String format = own.format() != null ? own.format() : of.format();
        MetInf m = type == null ? MetInf.EMPTY : MetInf.ofType(type);
        return format == null ? m : m.withFormat(format);
    }

    /** The last chunk's Meta with the first chunk's Type and Format: later chunks only fill what it left out. */
    private static MetInf wholeMeta(MetInf first, MetInf last) {
        if (first.type() == null && first.format() == null) {
            return last;
        }
        MetInf m = MetInf.orEmpty(last);
        if (first.type() != null) {
            m = m.withType(first.type());
        }
        if (first.format() != null) {
            m = m.withFormat(first.format());
        }
        return m;
    }

    /** Refuses the object part-way; while the client keeps sending its chunks they get the same code. */
    private Outcome refuse(String account, DatastoreSession ds, Item item, StatusCode code, Partial dropped) {
        drop(account, ds);
        if (item.moreData() && item.sourceUri() != null) {
            ds.refused = new Refused(item.sourceUri(), code);
        }
        return Outcome.answered(code, dropped);
    }

    /** Forgets the datastore's partial object and its share of the account's buffer cap. */
    void drop(String account, DatastoreSession ds) {
        if (ds.partial != null) {
            buffers.release(account, ds.partial);
            ds.partial = null;
        }
    }
}
