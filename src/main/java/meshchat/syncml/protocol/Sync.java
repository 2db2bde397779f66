package meshchat.syncml.protocol;

import java.util.List;

/** Sync: the changes of one datastore; holds Add, Replace, Delete (and Copy, Move, Atomic, Sequence). */
public record Sync(String cmdId, boolean noResp, Location target, Location source, MetInf meta,
                   Long numberOfChanges, List<Command> commands) implements Command {
    public Sync {
        commands = List.copyOf(commands);
    }

    @Override
    public Kind kind() {
        return Kind.SYNC;
    }
}
