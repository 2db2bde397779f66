package meshchat.syncml.protocol;

import java.util.List;

/** Status: the answer to one command (CmdRef) of one message (MsgRef); Data is the status code. */
public record Status(String cmdId, String msgRef, String cmdRef, String cmd, List<String> targetRefs,
                     List<String> sourceRefs, MetInf chal, String data, List<Item> items) implements Command {
    public Status {
        targetRefs = List.copyOf(targetRefs);
        sourceRefs = List.copyOf(sourceRefs);
        items = List.copyOf(items);
    }

    @Override
    public Kind kind() {
        return Kind.STATUS;
    }

    public int code() {
        try {
            return Integer.parseInt(data.trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
