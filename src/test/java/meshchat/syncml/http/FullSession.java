package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMessage;

/**
 * A scripted client of the lossless datastore meshchat-full over {@link TestSyncClient}: whole
 * sessions, its own anchors, and LUID = GUID as our client role (and any peer node) uses it.
 */
final class FullSession {
    static final String DB = MessageItem.DATASTORE;

    /** What one session showed the client. */
    record Outcome(String alertStatus, List<Status> pkg3Statuses, List<ItemCommand> received) {
        List<String> deleted() {
            return received.stream().filter(c -> c.kind() == Command.Kind.DELETE)
                    .map(c -> c.items().get(0).targetUri()).toList();
        }

        List<Message> added() {
            return received.stream().filter(c -> c.kind() == Command.Kind.ADD)
                    .map(c -> MessageItem.decode(c.items().get(0).data())).toList();
        }

        String statusOf(String luid) {
            return pkg3Statuses.stream().filter(s -> s.sourceRefs().contains(luid) && !"Sync".equals(s.cmd()))
                    .map(Status::data).findFirst().orElseThrow(() -> new AssertionError("no status for " + luid));
        }
    }

    final TestSyncClient client;
    final String db;
    /** Next anchor of our last completed session, 0 before the first. */
    int anchor;

    FullSession(TestSyncClient client, String db) {
        this.client = client;
        this.db = db;
    }

    static ItemCommand add(int cmdId, Message m) {
        return item(Command.Kind.ADD, cmdId, m.id().value(), MessageItem.encode(m));
    }

    static ItemCommand item(Command.Kind kind, int cmdId, String luid, String data) {
        return new ItemCommand(kind, Integer.toString(cmdId), false, false, false, MetInf.ofType(MessageItem.CONTENT_TYPE),
                List.of(Item.text(null, Location.of(luid), null, data)));
    }

    static ItemCommand delete(int cmdId, String luid) {
        return new ItemCommand(Command.Kind.DELETE, Integer.toString(cmdId), false, false, false, null,
                List.of(Item.text(null, Location.of(luid), null, null)));
    }

    /** One whole session in {@code mode} (200 with our last anchor, anything else without); maps every Add. */
    Outcome run(int mode, Command... changes) throws Exception {
        client.newSession();
        int next = anchor + 1;
        String last = anchor == 0 || mode != 200 ? null : "F" + anchor;
        Alert alert = new Alert("1", false, null, Integer.toString(mode), List.of(new Item(Location.of(db),
                Location.of("./chat"), MetInf.EMPTY.withAnchor(new Anchor(last, "F" + next)), null, null, null, false)));
        SyncMessage r1 = client.send(List.of(alert), true);
        assertTrue(r1.fin());
        String alertStatus = TestSyncClient.statuses(r1).stream().filter(s -> "Alert".equals(s.cmd()))
                .map(Status::data).findFirst().orElseThrow();
        SyncMessage r = client.send(List.of(new Sync("2", false, Location.of(db), Location.of("./chat"), null, null,
                List.of(changes))), true);
        List<Status> pkg3 = TestSyncClient.statuses(r);
        List<ItemCommand> received = new ArrayList<>();
        while (true) {
            List<MapCommand.MapItem> maps = new ArrayList<>();
            for (Command cmd : r.commands()) {
                if (cmd instanceof Sync s) {
                    for (Command inner : s.commands()) {
                        ItemCommand ic = (ItemCommand) inner;
                        received.add(ic);
                        if (ic.kind() == Command.Kind.ADD) {
                            String guid = ic.items().get(0).sourceUri();
                            maps.add(new MapCommand.MapItem(guid, guid));
                        }
                    }
                }
            }
            List<Command> ack = maps.isEmpty() ? List.of()
                    : List.of(new MapCommand("1", Location.of(db), Location.of("./chat"), null, maps));
            boolean serverDone = r.fin();
            r = client.send(ack, serverDone);
            if (serverDone) {
                assertTrue(r.fin());
                anchor = next;
                return new Outcome(alertStatus, pkg3, received);
            }
        }
    }
}
