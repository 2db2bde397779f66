package meshchat.syncml.protocol;

import java.util.List;

/**
 * Add, Replace, Delete, Copy or Move: a change to items. Archive and SftDel apply to Delete only.
 * Make one with {@link #add}, {@link #replace}, {@link #delete} and the {@code with...} methods.
 */
public record ItemCommand(Kind kind, String cmdId, boolean noResp, boolean archive, boolean sftDel,
                          MetInf meta, List<Item> items) implements Command {
    public ItemCommand {
        if (kind != Kind.ADD && kind != Kind.REPLACE && kind != Kind.DELETE && kind != Kind.COPY && kind != Kind.MOVE) {
            throw new IllegalArgumentException("not an item command: " + kind);
        }
        items = List.copyOf(items);
    }

    /** A command of this kind, no NoResp, no Archive, no SftDel; cmdId null until a reply numbers it. */
    public static ItemCommand of(Kind kind, String cmdId, MetInf meta, List<Item> items) {
        return new ItemCommand(kind, cmdId, false, false, false, meta, items);
    }

    public static ItemCommand add(String cmdId, MetInf meta, List<Item> items) {
        return of(Kind.ADD, cmdId, meta, items);
    }

    public static ItemCommand add(String cmdId, MetInf meta, Item item) {
        return add(cmdId, meta, List.of(item));
    }

    public static ItemCommand replace(String cmdId, MetInf meta, List<Item> items) {
        return of(Kind.REPLACE, cmdId, meta, items);
    }

    public static ItemCommand replace(String cmdId, MetInf meta, Item item) {
        return replace(cmdId, meta, List.of(item));
    }

    /** A Delete: without Archive and SftDel, a plain delete. */
    public static ItemCommand delete(String cmdId, MetInf meta, List<Item> items) {
        return of(Kind.DELETE, cmdId, meta, items);
    }

    public static ItemCommand delete(String cmdId, MetInf meta, Item item) {
        return delete(cmdId, meta, List.of(item));
    }

    public ItemCommand withCmdId(String cmdId) {
        return new ItemCommand(kind, cmdId, noResp, archive, sftDel, meta, items);
    }

    public ItemCommand withItems(List<Item> items) {
        return new ItemCommand(kind, cmdId, noResp, archive, sftDel, meta, items);
    }

    public ItemCommand withNoResp(boolean noResp) {
        return new ItemCommand(kind, cmdId, noResp, archive, sftDel, meta, items);
    }

    /** This Delete with Archive and SftDel as given. */
    public ItemCommand withDeleteFlags(boolean archive, boolean sftDel) {
        return new ItemCommand(kind, cmdId, noResp, archive, sftDel, meta, items);
    }
}
