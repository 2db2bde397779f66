package meshchat.syncml.protocol;

import java.util.List;

/** Alert: Data is the alert code (see {@link AlertCode}). */
public record Alert(String cmdId, boolean noResp, Cred cred, String data, List<Item> items) implements Command {
    public Alert {
        items = List.copyOf(items);
    }

    @Override
    public Kind kind() {
        return Kind.ALERT;
    }
}
