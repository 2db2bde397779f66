package meshchat.syncml.protocol;

import java.util.List;

/** Put: in DS, the sender's device information. */
public record Put(String cmdId, boolean noResp, MetInf meta, List<Item> items) implements Command {
    public Put {
        items = List.copyOf(items);
    }

    @Override
    public Kind kind() {
        return Kind.PUT;
    }
}
