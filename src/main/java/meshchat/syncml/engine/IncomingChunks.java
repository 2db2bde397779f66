package meshchat.syncml.engine;

import java.io.ByteArrayOutputStream;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.RawText;
import meshchat.syncml.protocol.StatusCode;

/**
 * Reassembles a large object the client sends in chunks (RepPro 1.2, "Large Object Handling"):
 * the first chunk declares the total Size, every chunk but the last has MoreData, and each is
 * answered 213 until the last, whose size is checked (424 on a mismatch). A chunk sequence that
 * is interrupted by another command is dropped and answered with Alert 223.
 */
final class IncomingChunks {
    /** An object being received: its command kind, LUID, declared size and the data so far. */
    record Partial(Command.Kind kind, String luid, long declaredSize, ByteArrayOutputStream data) {
    }

    /** The outcome for one incoming item. */
    record Outcome(int status, Item whole, Partial dropped) {
        static Outcome status(int code, Partial dropped) {
            return new Outcome(code, null, dropped);
        }
    }

    private final long maxObjSize;

    IncomingChunks(long maxObjSize) {
        this.maxObjSize = maxObjSize;
    }

    /**
     * Takes one incoming item of an Add or Replace. Returns the whole item to apply when one is
     * complete (a plain item, or the last chunk), or a status (213 buffered, 411/413/424 errors).
     * {@code dropped} reports a partial object this item interrupted (owed an Alert 223).
     */
    Outcome accept(DatastoreSession ds, ItemCommand cmd, Item item) {
        Partial p = ds.partial;
        Partial dropped = null;
        String luid = item.sourceUri();
        if (p != null && !(p.kind() == cmd.kind() && p.luid().equals(luid))) {
            dropped = p;
            ds.partial = null;
            p = null;
        }
        String data = item.data() == null ? "" : item.data();
        if (p == null) {
            Long size = item.meta() != null && item.meta().size() != null ? item.meta().size()
                    : cmd.meta() != null ? cmd.meta().size() : null;
            if (size != null && size > maxObjSize) {
                return Outcome.status(StatusCode.REQUEST_ENTITY_TOO_LARGE.code, dropped);
            }
            if (!item.moreData()) {
                return new Outcome(0, item, dropped);
            }
            if (size == null) {
                return Outcome.status(411, dropped); // size required on the first chunk
            }
            // Chunks are joined as bytes: a client may cut a chunk inside a UTF-8 character.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(RawText.encode(data));
            ds.partial = new Partial(cmd.kind(), luid, size, bytes);
            return Outcome.status(StatusCode.CHUNKED_ITEM_ACCEPTED.code, dropped);
        }
        p.data().writeBytes(RawText.encode(data));
        if (p.data().size() > maxObjSize) {
            ds.partial = null;
            return Outcome.status(StatusCode.REQUEST_ENTITY_TOO_LARGE.code, dropped);
        }
        if (item.moreData()) {
            return Outcome.status(StatusCode.CHUNKED_ITEM_ACCEPTED.code, dropped);
        }
        ds.partial = null;
        byte[] all = p.data().toByteArray();
        String whole = RawText.decode(all, 0, all.length);
        long bytes = all.length;
        // Size counts bytes; some clients count characters, and SCTS declares one more. XML
        // parsers turn every CRLF into LF, so in XML up to one byte per line may be gone.
        long lines = whole.chars().filter(ch -> ch == '\n').count();
        long missing = p.declaredSize() - bytes;
        if (p.declaredSize() != whole.length() && (missing < 0 || missing > lines + 1)) {
            return Outcome.status(StatusCode.SIZE_MISMATCH.code, dropped);
        }
        return new Outcome(0, new Item(item.target(), item.source(), item.meta(), whole, null, null, false), dropped);
    }
}
