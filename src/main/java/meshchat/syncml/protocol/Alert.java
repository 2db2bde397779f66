package meshchat.syncml.protocol;

import java.util.List;
import java.util.Optional;

/**
 * Alert: Data is the alert code. It stays data because peers send codes we do not list;
 * {@link #alertCode()} names it when it is one of ours. Make ours with {@link #of}.
 */
public record Alert(String cmdId, boolean noResp, Cred cred, String data, List<Item> items) implements Command {
    public Alert {
        items = List.copyOf(items);
    }

    /** Our alert: no NoResp, no Cred. */
    public static Alert of(String cmdId, AlertCode code, List<Item> items) {
        return new Alert(cmdId, false, null, code.data(), items);
    }

    /** Our alert with one item. */
    public static Alert of(String cmdId, AlertCode code, Item item) {
        return of(cmdId, code, List.of(item));
    }

    public Alert withCmdId(String cmdId) {
        return new Alert(cmdId, noResp, cred, data, items);
    }

    @Override
    public Kind kind() {
        return Kind.ALERT;
    }

    /** The code when it is one of ours; empty for a code we do not list or garbage. */
    public Optional<AlertCode> alertCode() {
        return AlertCode.parse(data);
    }
}
