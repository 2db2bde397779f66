package meshchat.syncml.engine;

import java.util.Optional;
import meshchat.syncml.chat.MalformedNoteException;
import meshchat.syncml.chat.MemoText;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.Note;
import meshchat.syncml.chat.NoteFormat;
import meshchat.syncml.chat.NoteItem;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DataFormat;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.StatusCode;

/**
 * The note format of a memo datastore (issue 11): which {@link NoteFormat} a client's item is in,
 * and which one we send it. What we send: the client's DevInf decides ({@link NoteItem#negotiate},
 * its DataStore for the datastore it alerted from), else the type of the client's first item in
 * this session, else text/plain; item data goes out in b64 when the client sent b64. What we read:
 * the item's Meta/Type, else its command's, else what the client's DevInf says it sends (Tx-Pref,
 * else Tx), else the datastore's format. meshchat-full is not
 * a memo datastore and never comes here.
 */
final class MemoFormats {
    private static final NoteFormat PLAIN = NoteFormat.of(MemoText.CONTENT_TYPE).orElseThrow();

    private MemoFormats() {
    }

    /** A client item's text, or the code refusing it (415 unknown type, 400 malformed object). */
    record Read(String text, StatusCode refusal) {
    }

    /**
     * Picks the format to send (its Rx-Pref, else Rx) and the one its untyped items are in (its
     * Tx-Pref, else Tx) from the client's DevInf. A DevInf that arrives later in the session picks
     * again, until package 4 has settled what we send.
     */
    static void negotiate(DevInf client, DatastoreSession ds) {
        if (ds.format != DatastoreSession.Format.MEMO || ds.sending != null || client == null) {
            return;
        }
        DevInf.DataStore mine = null;
        String wanted = ServerConfig.datastoreName(ds.clientUri);
        for (DevInf.DataStore d : client.dataStores()) {
            if (d.sourceRef() != null && ServerConfig.datastoreName(d.sourceRef()).equals(wanted)) {
                mine = d;
            }
        }
        if (mine == null && client.dataStores().size() == 1) {
            mine = client.dataStores().get(0); // a one-datastore device that names it differently
        }
        ds.negotiated = NoteItem.negotiate(mine).orElse(null);
        ds.clientSends = mine == null ? null : firstKnown(mine.txPref(), mine.tx());
    }

    private static NoteFormat firstKnown(DevInf.ContentType pref, java.util.List<DevInf.ContentType> others) {
        if (pref != null) {
            Optional<NoteFormat> f = NoteFormat.of(pref.ctType(), pref.verCt());
            if (f.isPresent()) {
                return f.get();
            }
        }
        for (DevInf.ContentType c : others) {
            Optional<NoteFormat> f = NoteFormat.of(c.ctType(), c.verCt());
            if (f.isPresent()) {
                return f.get();
            }
        }
        return null;
    }

    /** The item with its command's Meta/Type and Meta/Format where it names none itself. */
    static Item withCommandMeta(Item item, Command c) {
        if (item == null || !(c instanceof ItemCommand ic) || ic.meta() == null) {
            return item;
        }
        MetInf m = MetInf.orEmpty(item.meta());
        if (m.type() == null && ic.meta().type() != null) {
            m = m.withType(ic.meta().type());
        }
        if (m.format() == null && ic.meta().format() != null) {
            m = m.withFormat(ic.meta().format());
        }
        return item.withMeta(m);
    }

    /**
     * Remembers what a client's Add or Replace item tells about the datastore (the step calls it;
     * the item rules change no session state): its first known type, what we send when the
     * client's DevInf names nothing we speak; b64, which ours then use too.
     */
    static void remember(DatastoreSession ds, Item item) {
        if (ds.format != DatastoreSession.Format.MEMO || item == null || item.meta() == null) {
            return;
        }
        if (ds.clientType == null) {
            NoteFormat.of(item.meta().type()).ifPresent(f -> ds.clientType = f);
        }
        if (DataFormat.of(item.meta().format()) == DataFormat.B64) {
            ds.dataFormat = DataFormat.B64;
        }
    }

    /** The message text of a client's Add or Replace item (whose meta includes its command's); changes nothing. */
    static Read read(DatastoreSession ds, Item item) {
        String type = item.meta() == null ? null : item.meta().type();
        String metaFormat = item.meta() == null ? null : item.meta().format();
        NoteFormat f;
        if (type == null || type.isBlank()) {
            f = ds.clientSends != null ? ds.clientSends : sessionFormat(ds); // what it sends, not what we send
        } else {
            Optional<NoteFormat> known = NoteFormat.of(type);
            if (known.isEmpty()) {
                return new Read(null, StatusCode.UNSUPPORTED_MEDIA_TYPE);
            }
            f = known.get();
        }
        try {
            Note note = NoteItem.read(f, metaFormat, item.data() == null ? "" : item.data());
            return new Read(MemoText.normalize(note.text()), null);
        } catch (MalformedNoteException e) {
            org.slf4j.LoggerFactory.getLogger(MemoFormats.class).info("{}: item {} refused (400): {}", ds.serverUri,
                    item.sourceUri(), e.getMessage());
            return new Read(null, StatusCode.BAD_REQUEST);
        }
    }

    /** The format of items that name none, and of what we send once package 4 starts. */
    static NoteFormat sessionFormat(DatastoreSession ds) {
        if (ds.sending != null) {
            return ds.sending;
        }
        return ds.negotiated != null ? ds.negotiated : ds.clientType != null ? ds.clientType : PLAIN;
    }

    /** Settles the format we send (called when package 4 is worked out). */
    static void settle(DevInf client, DatastoreSession ds) {
        negotiate(client, ds);
        ds.sending = sessionFormat(ds);
    }

    /** Meta of our Add, Replace and Delete: the type we send, b64 when the client uses it. */
    static MetInf meta(DatastoreSession ds) {
        return MetInf.ofType(sessionFormat(ds).contentType()).withFormat(ds.dataFormat.metaFormat());
    }

    /** Item data for a message: an object of the datastore's format whose body is the text, dated as the message. */
    static String data(DatastoreSession ds, Message m) {
        Note note = Note.of(MemoText.encode(m), m.epoch(), "meshchat-" + m.id().value());
        return NoteItem.write(sessionFormat(ds), ds.dataFormat, note);
    }
}
