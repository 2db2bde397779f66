package meshchat.syncml.protocol;

import java.util.List;

/** Results: the answer to a Get. */
public record Results(String cmdId, String msgRef, String cmdRef, MetInf meta, String targetRef,
                      String sourceRef, List<Item> items) implements Command {
    public Results {
        items = List.copyOf(items);
    }

    @Override
    public Kind kind() {
        return Kind.RESULTS;
    }
}
