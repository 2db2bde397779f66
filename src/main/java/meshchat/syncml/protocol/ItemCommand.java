package meshchat.syncml.protocol;

import java.util.List;

/** Add, Replace, Delete, Copy or Move: a change to items. Archive and SftDel apply to Delete only. */
public record ItemCommand(Kind kind, String cmdId, boolean noResp, boolean archive, boolean sftDel,
                          MetInf meta, List<Item> items) implements Command {
    public ItemCommand {
        if (kind != Kind.ADD && kind != Kind.REPLACE && kind != Kind.DELETE && kind != Kind.COPY && kind != Kind.MOVE) {
            throw new IllegalArgumentException("not an item command: " + kind);
        }
        items = List.copyOf(items);
    }
}
