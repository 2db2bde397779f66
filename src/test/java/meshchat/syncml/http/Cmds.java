package meshchat.syncml.http;

import java.util.List;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
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
        return alert(AlertCode.byCode(code).orElseThrow(), last, next);
    }

    static Alert alert(AlertCode code, String last, String next) {
        return Alert.of("1", code, Item.withData(Location.of("meshchat"), Location.of("./memo"),
                MetInf.EMPTY.withAnchor(new Anchor(last, next)), null));
    }

    static ItemCommand add(int id, String luid, String text) {
        return ItemCommand.add(Integer.toString(id), MetInf.ofType("text/plain"), Item.withData(null, Location.of(luid), text));
    }

    static ItemCommand delete(int id, String luid) {
        return ItemCommand.delete(Integer.toString(id), null, Item.naming(null, Location.of(luid)));
    }

    static Sync sync(Command... cmds) {
        return new Sync("2", false, Location.of("meshchat"), Location.of("./memo"), null, null, List.of(cmds));
    }

    /** The code of the reply's SyncHdr status (always the first command). */
    static String hdr(SyncMessage reply) {
        return ((Status) reply.commands().get(0)).data();
    }
}
