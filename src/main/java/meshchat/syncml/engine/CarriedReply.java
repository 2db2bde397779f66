package meshchat.syncml.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntFunction;
import meshchat.syncml.protocol.Command;

/**
 * Reply commands (statuses, Results, our Alerts) that did not fit in the client's MaxMsgSize:
 * they go out first in the next reply, which the client asks for with Alert 222 or its next
 * message. Each is kept as a small factory taking the CmdID it will get, not as an encoded
 * message, so a 270,000-item Add costs one small object per status, never a re-encoding.
 */
final class CarriedReply {
    final Deque<IntFunction<Command>> commands = new ArrayDeque<>();
    /** Whether the reply that was cut would have carried Final: the package is still ours to finish. */
    boolean owedFinal;

    boolean isEmpty() {
        return commands.isEmpty();
    }
}
