package meshchat.syncml.engine;

import java.util.List;
import meshchat.syncml.chat.NoteItem;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.SyncMLVersion;

/**
 * This server's device information: only what it really does. Two datastores: the memo view
 * (text/plain preferred; vNote, iCalendar and vCalendar VJOURNAL, SIF-N too; its aliases are
 * not listed, they are the same datastore) and the lossless one peer nodes use ({@value MessageItem#DATASTORE},
 * {@value MessageItem#CONTENT_TYPE} {@value MessageItem#VERSION}). No CTCap: our DevInf model does
 * not carry one, and both types are whole-item (no fields a client could keep apart).
 */
final class ServerDevInf {
    static final String SOFTWARE_VERSION = "0.1";
    /** SyncCap: 1 two-way, 2 slow, 3 and 4 from client, 5 and 6 from server; no 7 (no SAN). */
    private static final List<String> SYNC_TYPES = List.of("1", "2", "3", "4", "5", "6");

    private ServerDevInf() {
    }

    static DevInf of(SyncMLVersion version, ServerConfig config) {
        // every note format we read and write; text/plain 1.0 preferred (the others lose nothing more of a message)
        List<DevInf.ContentType> notes = NoteItem.contentTypes();
        DevInf.ContentType plain10 = notes.get(0);
        List<DevInf.ContentType> others = notes.subList(1, notes.size());
        DevInf.DataStore memo = new DevInf.DataStore(config.datastore(), "MeshChat", 64L, plain10, others,
                plain10, others, SYNC_TYPES);
        DevInf.ContentType message = new DevInf.ContentType(MessageItem.CONTENT_TYPE, MessageItem.VERSION);
        DevInf.DataStore full = new DevInf.DataStore(MessageItem.DATASTORE, "MeshChat (every field)", 64L, message,
                List.of(), message, List.of(), SYNC_TYPES);
        return new DevInf(version.devInfVerDtd, "MeshChat", "meshchat-syncml", null, SOFTWARE_VERSION, SOFTWARE_VERSION,
                "-", config.nodeName(), "server", true, true, true, List.of(memo, full), null);
    }
}
