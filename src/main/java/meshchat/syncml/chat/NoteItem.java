package meshchat.syncml.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import meshchat.syncml.protocol.DataFormat;
import meshchat.syncml.protocol.DevInf;

/**
 * Item data to a note and back, the two steps in order: {@code Meta/Format} (b64) first, then
 * the note format of {@code Meta/Type}. The caller picks the format ({@link NoteFormat#of}; an
 * unknown type is the engine's 415) and answers a {@link MalformedNoteException} with an
 * error status for that item alone.
 */
public final class NoteItem {
    private NoteItem() {
    }

    /** The note in an item's data; {@code metaFormat} is the item's (else its command's) Meta/Format. */
    public static Note read(NoteFormat format, String metaFormat, String data) throws MalformedNoteException {
        String object;
        try {
            object = DataFormat.of(metaFormat).decode(data);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException(format.contentType(), e.getMessage());
        }
        return format.decode(object);
    }

    /** The item data for a note, in the Meta/Format the client used ({@link DataFormat#metaFormat()} to write it). */
    public static String write(NoteFormat format, DataFormat dataFormat, Note note) {
        return dataFormat.encode(format.encode(note));
    }

    /** Every (CTType, VerCT) we read and write, for our DevInf's Rx and Tx, the preferred (text/plain 1.0) first. */
    public static List<DevInf.ContentType> contentTypes() {
        List<DevInf.ContentType> out = new ArrayList<>();
        for (NoteFormat f : NoteFormat.ALL) {
            for (String v : f.versions()) {
                out.add(new DevInf.ContentType(f.contentType(), v));
            }
        }
        return out;
    }

    /**
     * The format to send a client's datastore: its Rx-Pref when we speak it, else the first of its
     * Rx we speak; empty when the client names nothing we speak (then the type of the client's own
     * items, or text/plain, is the engine's choice).
     */
    public static Optional<NoteFormat> negotiate(DevInf.DataStore client) {
        if (client == null) {
            return Optional.empty();
        }
        List<DevInf.ContentType> wanted = new ArrayList<>();
        if (client.rxPref() != null) {
            wanted.add(client.rxPref());
        }
        wanted.addAll(client.rx());
        for (DevInf.ContentType c : wanted) {
            Optional<NoteFormat> f = NoteFormat.of(c.ctType(), c.verCt());
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }
}
