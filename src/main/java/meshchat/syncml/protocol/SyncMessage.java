package meshchat.syncml.protocol;

import java.util.List;

/** One SyncML message: header, body commands in order, and whether it ends a package (Final). */
public record SyncMessage(SyncHdr header, List<Command> commands, boolean fin) {
    public SyncMessage {
        commands = List.copyOf(commands);
    }
}
