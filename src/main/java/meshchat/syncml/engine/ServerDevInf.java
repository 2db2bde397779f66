package meshchat.syncml.engine;

import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.chat.NoteFormat;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.SyncMLVersion;

/**
 * This server's device information: only what it really does, and nothing the protocol leaves
 * optional that no client reads (every idle session carries it: bytes on a radio link, issue 10).
 * The memo view ({@code text/plain} 1.0 preferred; vNote, iCalendar and vCalendar VJOURNAL, SIF-N
 * too; its aliases are not listed, they are the same datastore), and for peer accounts also the
 * lossless one peer nodes use ({@value MessageItem#DATASTORE}, {@value MessageItem#CONTENT_TYPE}
 * {@value MessageItem#VERSION}); any account may still sync that one by name. No CTCap: our DevInf
 * model does not carry one, and both types are whole-item. No Mod (optional; Man and SwV name us),
 * no DisplayName (optional, nothing reads it) and no MaxGUIDSize (DevInf 1.2 asks it of clients:
 * a server takes any client LUID).
 */
final class ServerDevInf {
    static final String SOFTWARE_VERSION = "0.1";
    /** SyncCap: 1 two-way, 2 slow, 3 and 4 from client, 5 and 6 from server; no 7 (no SAN). */
    private static final List<String> SYNC_TYPES = List.of("1", "2", "3", "4", "5", "6");

    private ServerDevInf() {
    }

    /**
     * @param peer the account is another node ({@code user add --peer}): it sees {@value MessageItem#DATASTORE}
     */
    static DevInf of(SyncMLVersion version, ServerConfig config, boolean peer) {
        List<DevInf.DataStore> stores = new ArrayList<>(2);
        stores.add(memo(config.datastore()));
        if (peer) {
            DevInf.ContentType message = new DevInf.ContentType(MessageItem.CONTENT_TYPE, MessageItem.VERSION);
            stores.add(new DevInf.DataStore(MessageItem.DATASTORE, null, null, message, List.of(), message, List.of(),
                    SYNC_TYPES));
        }
        return new DevInf(version.devInfVerDtd, "MeshChat", null, null, SOFTWARE_VERSION, SOFTWARE_VERSION,
                "-", config.nodeName(), "server", true, true, true, stores, null);
    }

    /**
     * Rx: every version we read, text/plain 1.1 included (libsynthesis lists it too, and a client
     * that sends only 1.1 must find it); Tx: the one version of each format we write.
     */
    static DevInf.DataStore memo(String sourceRef) {
        List<DevInf.ContentType> rx = new ArrayList<>();
        List<DevInf.ContentType> tx = new ArrayList<>();
        DevInf.ContentType preferred = null;
        for (NoteFormat f : NoteFormat.ALL) {
            DevInf.ContentType written = new DevInf.ContentType(f.contentType(), f.version());
            if (preferred == null) {
                preferred = written; // text/plain, the first: the others lose nothing more of a message
            } else {
                tx.add(written);
            }
            for (String v : f.versions()) {
                DevInf.ContentType read = new DevInf.ContentType(f.contentType(), v);
                if (!read.equals(preferred)) {
                    rx.add(read);
                }
            }
        }
        return new DevInf.DataStore(sourceRef, null, null, preferred, rx, preferred, tx, SYNC_TYPES);
    }
}
