package meshchat.syncml.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntFunction;
import meshchat.syncml.protocol.Command;

/**
 * Reply commands (statuses, Results, our Alerts) that did not fit in the client's MaxMsgSize:
 * they go out first in the next reply, which the client asks for with Alert 222 or its next
 * message. Each is kept as a small factory taking the CmdID it will get, not as an encoded
 * message, so a 270,000-item Add never costs a re-encoding; the plain statuses of one client
 * message are packed ({@link PackedCommands}), ~10 bytes each and their refs.
 */
final class CarriedReply {
    /** Runs in order; a command put back at the front by the reply's last check is a run of its own. */
    private final Deque<PackedCommands> runs = new ArrayDeque<>();
    private int size;
    /** Whether the reply that was cut would have carried Final: the package is still ours to finish. */
    boolean owedFinal;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Carries a command over, after the ones carried already. */
    void add(IntFunction<Command> c) {
        PackedCommands last = runs.peekLast();
        if (last == null || !last.add(c)) {
            PackedCommands run = new PackedCommands();
            run.add(c);
            runs.addLast(run);
        }
        size++;
    }

    /** Carries a command over before the ones carried already. */
    void addFirst(IntFunction<Command> c) {
        PackedCommands run = new PackedCommands();
        run.add(c);
        runs.addFirst(run);
        size++;
    }

    /** The first command owed, not taken; null when none. */
    IntFunction<Command> peek() {
        PackedCommands first = runs.peekFirst();
        return first == null ? null : first.peek();
    }

    /** Takes the first command owed; null when none. */
    IntFunction<Command> poll() {
        PackedCommands first = runs.peekFirst();
        if (first == null) {
            return null;
        }
        IntFunction<Command> c = first.poll();
        if (first.isEmpty()) {
            runs.pollFirst();
        }
        size--;
        return c;
    }

    /** Estimated heap bytes of what is carried (runs are few: about one per client message). */
    long retainedBytes() {
        long n = 0;
        for (PackedCommands run : runs) {
            n += run.retainedBytes();
        }
        return n;
    }
}
