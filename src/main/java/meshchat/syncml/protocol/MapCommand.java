package meshchat.syncml.protocol;

import java.util.List;

/** Map: the client tells the server which LUID it gave each GUID the server sent in an Add. */
public record MapCommand(String cmdId, Location target, Location source, MetInf meta,
                         List<MapItem> mapItems) implements Command {
    public MapCommand {
        mapItems = List.copyOf(mapItems);
    }

    /** MapItem: Target = server GUID, Source = client LUID. */
    public record MapItem(String guid, String luid) {
    }

    @Override
    public Kind kind() {
        return Kind.MAP;
    }
}
