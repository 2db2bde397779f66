package meshchat.syncml.protocol;

import java.util.List;

/** Get: in DS, a request for the receiver's device information. */
public record Get(String cmdId, boolean noResp, MetInf meta, List<Item> items) implements Command {
    public Get {
        items = List.copyOf(items);
    }

    @Override
    public Kind kind() {
        return Kind.GET;
    }
}
