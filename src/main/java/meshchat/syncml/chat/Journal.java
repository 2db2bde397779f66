package meshchat.syncml.chat;

import java.util.List;

/** What iCalendar 2.0 and vCalendar 1.0 share: one VJOURNAL in a VCALENDAR is one note. */
final class Journal {
    private Journal() {
    }

    static Note decode(String type, String object) throws MalformedNoteException {
        MimeDir.Component root = MimeDir.parse(type, object);
        if (!"VCALENDAR".equals(root.name())) {
            throw new MalformedNoteException(type, "not a calendar: BEGIN:" + MimeDir.clip(root.name()));
        }
        List<MimeDir.Component> journals = root.children("VJOURNAL");
        if (journals.isEmpty()) {
            String other = root.children().isEmpty() ? "nothing" : root.children().get(0).name();
            throw new MalformedNoteException(type, "no VJOURNAL (found " + MimeDir.clip(other) + "): only journals are notes");
        }
        if (journals.size() > 1) {
            throw new MalformedNoteException(type, journals.size() + " VJOURNALs in one item (one note per item)");
        }
        MimeDir.Component j = journals.get(0);
        MimeDir.Property description = j.first("DESCRIPTION");
        MimeDir.Property summary = j.first("SUMMARY");
        MimeDir.Property start = j.first("DTSTART");
        MimeDir.Property uid = j.first("UID");
        return new Note(summary == null ? "" : MimeDir.text(type, summary),
                description == null ? "" : MimeDir.text(type, description),
                start == null ? null : NoteDates.parse(type, "DTSTART", start.value()),
                uid == null ? null : MimeDir.text(type, uid).strip());
    }
}
