package meshchat.syncml.chat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The note formats SyncML clients use for memos, each mapping a note object to a {@link Note}
 * and back. Decoding is hostile-input parsing: bounded in size, lines and nesting, and a
 * malformed object is a {@link MalformedNoteException} with the reason. Encoding always gives a
 * well-formed object of the type whose {@link Note#text()} is the text given (line ends LF).
 *
 * <p>Item data in {@code Meta/Format b64} is decoded before and encoded after these, by
 * {@link meshchat.syncml.protocol.DataFormat}.
 */
public sealed interface NoteFormat permits PlainNote, VNote, VCalendarJournal, ICalendarJournal, SifNote {
    /** Every format we read and write, the order DevInf lists them in (the preferred first). */
    List<NoteFormat> ALL = List.of(new PlainNote(), new VNote(), new ICalendarJournal(), new VCalendarJournal(),
            new SifNote());

    /** The MIME type, as CTType and Meta/Type carry it, lower case. */
    String contentType();

    /** The versions (VerCT) we accept, the one we write first. */
    List<String> versions();

    /** The object for a note. */
    String encode(Note note);

    /** The note in an object of this type; throws when the object is malformed. */
    Note decode(String object) throws MalformedNoteException;

    /** The version we write (VerCT in our DevInf). */
    default String version() {
        return versions().get(0);
    }

    /**
     * The format of a content type (case-insensitive, MIME parameters such as
     * {@code ;charset=utf-8} ignored), whatever its version: objects say their version inside.
     */
    static Optional<NoteFormat> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semi = contentType.indexOf(';');
        String wanted = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        for (NoteFormat f : ALL) {
            if (f.contentType().equals(wanted)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The format of a content type and version (as a DevInf Rx/Tx pair names it); empty when we
     * do not speak that version. A null or empty version means any.
     */
    static Optional<NoteFormat> of(String contentType, String version) {
        Optional<NoteFormat> f = of(contentType);
        if (f.isEmpty() || version == null || version.isBlank()) {
            return f;
        }
        return f.get().versions().contains(version.trim()) ? f : Optional.empty();
    }
}
