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
        // An echo of a hostile 100 KB LocURI would not fit any reply: such refs are left out.
        return new StatusDraft(msgRef, cmdRef, cmd, SessionProcessor.tooLong(targetRef) ? null : targetRef,
                SessionProcessor.tooLong(sourceRef) ? null : sourceRef, code, chal, List.copyOf(items));
    }

    /**
     * Our status for one client command, made with the CmdID it gets when it goes out. A record,
     * not a lambda, so a reply carried over can pack the plain ones ({@link PackedCommands}).
     */
    record StatusDraft(String msgRef, String cmdRef, String cmd, String targetRef, String sourceRef, StatusCode code,
                       MetInf chal, List<Item> items) implements IntFunction<Command> {
        @Override
        public Command apply(int cmdId) {
            return new Status(Integer.toString(cmdId), msgRef, cmdRef, cmd, listOf(targetRef), listOf(sourceRef), chal,
                    code.data(), items);
        }

        /** No Chal and no Items: all of it is strings and a code. */
        boolean plain() {
            return chal == null && items.isEmpty();
        }

        private static List<String> listOf(String ref) {
            return ref == null ? List.of() : List.of(ref);
        }
    }

    List<IntFunction<Command>> commands() {
        return Collections.unmodifiableList(commands);
    }
}
