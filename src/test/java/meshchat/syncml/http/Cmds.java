package meshchat.syncml.http;

import java.util.List;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMessage;

/** Client commands for the in-process SyncML tests (datastore meshchat, client ./memo). */
final class Cmds {
    private Cmds() {
    }

    static Alert alert(int code, String last, String next) {
        return new Alert("1", false, null, Integer.toString(code), List.of(new Item(Location.of("meshchat"),
                Location.of("./memo"), MetInf.EMPTY.withAnchor(new Anchor(last, next)), null, null, null, false)));
    }

    static ItemCommand add(int id, String luid, String text) {
        return new ItemCommand(Command.Kind.ADD, Integer.toString(id), false, false, false, MetInf.ofType("text/plain"),
                List.of(Item.text(null, Location.of(luid), null, text)));
    }

    static ItemCommand delete(int id, String luid) {
        return new ItemCommand(Command.Kind.DELETE, Integer.toString(id), false, false, false, null,
                List.of(Item.text(null, Location.of(luid), null, null)));
    }

    static Sync sync(Command... cmds) {
        return new Sync("2", false, Location.of("meshchat"), Location.of("./memo"), null, null, List.of(cmds));
    }

    /** The code of the reply's SyncHdr status (always the first command). */
    static String hdr(SyncMessage reply) {
        return ((Status) reply.commands().get(0)).data();
    }
}
