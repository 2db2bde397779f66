package meshchat.syncml.protocol;

import java.util.List;

/** Atomic, Sequence, Exec or Search: commands this server does not execute; kept so they get a Status. */
public record Container(Kind kind, String cmdId, boolean noResp, List<Command> commands) implements Command {
    public Container {
        commands = List.copyOf(commands);
    }
}
