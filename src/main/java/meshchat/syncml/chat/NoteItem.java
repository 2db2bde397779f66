package meshchat.syncml.chat;

import meshchat.syncml.protocol.DataFormat;

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
}
