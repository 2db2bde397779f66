package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.Test;

/** The command gate counts what we would have to answer, and lets a legitimate full message through. */
class CommandGateTest {

    private static SyncMessage message(List<Command> commands) {
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, "1", "2", Location.of("http://127.0.0.1/sync"),
                new Location("dev-1", "alice"), null, false, null, MetInf.EMPTY.withMaxMsgSize(1_000_000L));
        return new SyncMessage(h, commands, true);
    }

    /** The smallest Add a client can mean: a CmdID, its LUID and one byte of text; LUIDs and CmdIDs count up. */
    private static ItemCommand add(int n) {
        return new ItemCommand(Command.Kind.ADD, Integer.toString(n), false, false, false, null,
                List.of(Item.text(null, Location.of(Integer.toString(n)), null, "x")));
    }

    @Test
    void countsCommandsItemsAndMapItemsInsideSync() {
        Sync sync = new Sync("1", false, Location.of("meshchat"), Location.of("./memo"), null, null, List.of(add(2), add(3)));
        MapCommand map = new MapCommand("4", Location.of("meshchat"), Location.of("./memo"), null,
                List.of(new MapCommand.MapItem("g1", "l1"), new MapCommand.MapItem("g2", "l2")));
        // Sync 1 + two Adds with one item each (4) + Map 1 + two MapItems
        assertEquals(1 + 4 + 1 + 2, SyncServer.countCommands(List.of(sync, map)));
    }

    /**
     * A client filling our advertised MaxMsgSize (1,000,000 bytes) with the smallest useful WBXML
     * Adds stays under the default limit; prints the figures the default is based on.
     */
    @Test
    void aFullMessageOfSmallWbxmlAddsPassesTheDefaultLimit() {
        List<Command> adds = new ArrayList<>();
        for (int i = 2; i < 1_002; i++) {
            adds.add(add(i));
        }
        int thousand = SyncMLCodec.encode(message(List.of(new Sync("1", false, Location.of("meshchat"),
                Location.of("./memo"), null, null, adds))), Encoding.WBXML).length;
        int empty = SyncMLCodec.encode(message(List.of(new Sync("1", false, Location.of("meshchat"),
                Location.of("./memo"), null, null, List.of()))), Encoding.WBXML).length;
        double perAdd = (thousand - empty) / 1000.0;
        int fit = (int) ((1_000_000 - empty) / perAdd);
        System.out.printf("smallest WBXML Add: %.1f bytes; %d fit in 1,000,000 bytes (%d commands and items)%n",
                perAdd, fit, 1 + 2 * fit);
        int limit = ServerConfig.Guards.defaults().maxCommandsPerMessage();
        assertTrue(1 + 2 * fit <= limit, (1 + 2 * fit) + " commands and items would be refused; limit " + limit);
    }
}
