package meshchat.syncml.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Get;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MalformedMessageException;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Put;
import meshchat.syncml.protocol.Results;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;

/**
 * A notes client by hand, for the engine tests of issue 11: its messages go through the real codec
 * (encoded and decoded in the session's encoding) into {@link SyncServer#handle} and back, in
 * memory, always without the RespURI token (as clients that ignore RespURI), from one address.
 */
final class NoteClient {
    static final String ENDPOINT = InMemoryExchange.ENDPOINT;
    final SyncServer server;
    final SyncMLVersion version;
    final Encoding encoding;
    final String device;
    String user = "memo";
    String password = "memo-pw";
    /** The Cred of the first message: Basic by default; null sends none. */
    Cred cred;
    private int session;
    private int msgId;

    NoteClient(SyncServer server, SyncMLVersion version, Encoding encoding, String device) {
        this.server = server;
        this.version = version;
        this.encoding = encoding;
        this.device = device;
        this.cred = basic(user, password);
    }

    static Cred basic(String user, String password) {
        return new Cred(MetInf.EMPTY.withType(Authenticator.BASIC).withFormat("b64"),
                Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    void newSession() {
        session++;
        msgId = 0;
    }

    /** One message of the session; the first carries the Cred. */
    SyncMessage send(List<Command> commands, boolean fin) {
        msgId++;
        SyncHdr h = new SyncHdr(version, Integer.toString(session), Integer.toString(msgId), Location.of(ENDPOINT),
                new Location(device, user), null, false, msgId == 1 ? cred : null, MetInf.EMPTY.withMaxMsgSize(100_000L));
        SyncMessage in;
        try {
            in = SyncMLCodec.decode(SyncMLCodec.encode(new SyncMessage(h, commands, fin), encoding), encoding);
        } catch (MalformedMessageException e) {
            throw new AssertionError("our codec could not read back what it wrote", e);
        }
        SyncMessage out = server.handle(in, null, ENDPOINT, encoding, m -> SyncMLCodec.encode(m, encoding).length,
                "127.0.0.9");
        try { // what the client would read
            return SyncMLCodec.decode(SyncMLCodec.encode(out, encoding), encoding);
        } catch (MalformedMessageException e) {
            throw new AssertionError("our reply does not decode", e);
        }
    }

    static Alert alert(String code, String datastore, String last, String next) {
        return new Alert("1", false, null, code, List.of(Item.withData(Location.of(datastore), Location.of("./notes"),
                MetInf.EMPTY.withAnchor(new Anchor(last, next)), null)));
    }

    static Put put(DevInf d, SyncMLVersion v, Encoding e) {
        return new Put("2", false, MetInf.ofType(e.devInfContentType), List.of(Item.withDevInf(Location.of(v.devInfUri), d)));
    }

    /** A client DevInf with one notes datastore ./notes that prefers (CTType, VerCT). */
    static DevInf devInf(SyncMLVersion v, String ctType, String verCt) {
        return devInf(v, ctType, verCt, ctType, verCt);
    }

    /** A client DevInf with one notes datastore ./notes that receives (Rx-Pref) one format and sends (Tx-Pref) another. */
    static DevInf devInf(SyncMLVersion v, String rxType, String rxVer, String txType, String txVer) {
        DevInf.ContentType rx = new DevInf.ContentType(rxType, rxVer);
        DevInf.ContentType tx = new DevInf.ContentType(txType, txVer);
        DevInf.DataStore ds = new DevInf.DataStore("./notes", "Notes", null, rx, List.of(), tx, List.of(), List.of("1", "2"));
        return new DevInf(v.devInfVerDtd, "Test", "NoteClient", null, "1", "1", "1", "note-dev", "phone", false, false,
                false, List.of(ds), null);
    }

    static Sync sync(String datastore, List<Command> items) {
        return new Sync("5", false, Location.of(datastore), Location.of("./notes"), null, null, items);
    }

    static ItemCommand add(int cmdId, String luid, String type, String format, String data) {
        MetInf m = type == null ? null : MetInf.ofType(type).withFormat(format);
        return new ItemCommand(Command.Kind.ADD, Integer.toString(cmdId), false, false, false, m,
                List.of(new Item(null, Location.of(luid), null, data, null, null, false)));
    }

    static ItemCommand delete(int cmdId, String luid) {
        return new ItemCommand(Command.Kind.DELETE, Integer.toString(cmdId), false, false, false, null,
                List.of(new Item(null, Location.of(luid), null, null, null, null, false)));
    }

    static MapCommand map(String datastore, List<MapCommand.MapItem> items) {
        return new MapCommand("9", Location.of("./notes"), Location.of(datastore), null, items);
    }

    // --- reading replies

    static String hdr(SyncMessage r) {
        return ((Status) r.commands().get(0)).data();
    }

    static Status status(SyncMessage r, String cmd, String cmdRef) {
        for (Command c : r.commands()) {
            if (c instanceof Status st && cmd.equals(st.cmd()) && (cmdRef == null || cmdRef.equals(st.cmdRef()))) {
                return st;
            }
        }
        throw new AssertionError("no status for " + cmd + " " + cmdRef + " in " + r);
    }

    static List<Status> itemStatuses(SyncMessage r) {
        List<Status> out = new ArrayList<>();
        for (Command c : r.commands()) {
            if (c instanceof Status st && (st.cmd().equals("Add") || st.cmd().equals("Replace") || st.cmd().equals("Delete"))) {
                out.add(st);
            }
        }
        return out;
    }

    static List<Get> gets(SyncMessage r) {
        List<Get> out = new ArrayList<>();
        for (Command c : r.commands()) {
            if (c instanceof Get g) {
                out.add(g);
            }
        }
        return out;
    }

    static List<Sync> syncs(SyncMessage r) {
        List<Sync> out = new ArrayList<>();
        for (Command c : r.commands()) {
            if (c instanceof Sync s) {
                out.add(s);
            }
        }
        return out;
    }

    static Results results(String msgRef, String cmdRef, DevInf d, SyncMLVersion v, Encoding e) {
        return new Results("3", msgRef, cmdRef, MetInf.ofType(e.devInfContentType), null, null,
                List.of(Item.withDevInf(Location.of(v.devInfUri), d)));
    }
}
