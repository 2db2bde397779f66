package meshchat.syncml.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;

/**
 * The reply commands decided while the store's write lock is held, in order, not yet numbered
 * nor measured: {@link ReplyBuilder} fits them into the client's MaxMsgSize after the transaction
 * committed, so encoding for size never happens under the lock.
 */
final class ReplyDraft {
    private final List<IntFunction<Command>> commands = new ArrayList<>();

    /** A command made with the CmdID it will get. */
    void add(IntFunction<Command> make) {
        commands.add(make);
    }

    /** A Status; a hostile overlong ref is left out (it would fit no reply). */
    void status(String msgRef, String cmdRef, String cmd, String targetRef, String sourceRef, StatusCode code,
                MetInf chal, List<Item> items) {
        add(statusOf(msgRef, cmdRef, cmd, targetRef, sourceRef, code, chal, items));
    }

    static IntFunction<Command> statusOf(String msgRef, String cmdRef, String cmd, String targetRef, String sourceRef,
                                         StatusCode code, MetInf chal, List<Item> items) {
        String data = code.data();
        // An echo of a hostile 100 KB LocURI would not fit any reply: such refs are left out.
        List<String> targets = targetRef == null || SessionProcessor.tooLong(targetRef) ? List.of() : List.of(targetRef);
        List<String> sources = sourceRef == null || SessionProcessor.tooLong(sourceRef) ? List.of() : List.of(sourceRef);
        return id -> new Status(Integer.toString(id), msgRef, cmdRef, cmd, targets, sources, chal, data, items);
    }

    List<IntFunction<Command>> commands() {
        return Collections.unmodifiableList(commands);
    }
}
