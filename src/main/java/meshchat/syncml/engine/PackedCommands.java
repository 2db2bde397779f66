package meshchat.syncml.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import meshchat.syncml.engine.ReplyDraft.StatusDraft;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.StatusCode;

/**
 * A run of reply commands carried over to later replies, in order. Plain statuses citing one
 * client message (the bulk of what is carried: one per command of that message) are packed into
 * one byte array, ~10 bytes and their refs' UTF-8 each; a status kept as its factory, strings and
 * lists took ~150 bytes (security audit: one account's eight sessions, each sent a message of
 * 95,000 empty Puts by a client allowing small replies, filled a 64 MB heap). Anything else (our
 * Alerts, Results, statuses with a Chal or Items) is kept as it came, at its place in the run.
 * Not thread-safe: the session's monitor guards it.
 */
final class PackedCommands {
    /** Estimated heap bytes of a command kept unpacked (its factory and what it holds). */
    static final int UNPACKED_BYTES = 256;
    private static final int OVERHEAD_BYTES = 96;
    private static final int UNPACKED = 0xFF;
    private static final StatusCode[] CODES = StatusCode.values();

    /** The MsgRef every packed status of this run cites, once one is packed. */
    private String msgRef;
    private boolean packedAny;
    /** Distinct Cmd names of the packed statuses (a handful: the element names of our commands). */
    private final List<String> cmds = new ArrayList<>(4);
    private final Deque<IntFunction<Command>> unpacked = new ArrayDeque<>(0);
    private byte[] bytes = new byte[32];
    private int end;
    private int head;
    private int count;
    /** What {@link #peek} decoded at {@link #head} and where it ends, so poll does not decode it again. */
    private IntFunction<Command> peeked;
    private int peekedEnd;

    /** Appends a command when this run can hold it; false when it belongs in a run of its own. */
    boolean add(IntFunction<Command> c) {
        if (c instanceof StatusDraft d && d.plain()) {
            if (packedAny && !Objects.equals(msgRef, d.msgRef())) {
                return false;
            }
            int cmd = cmds.indexOf(d.cmd());
            if (cmd < 0 && cmds.size() < UNPACKED) {
                cmds.add(d.cmd());
                cmd = cmds.size() - 1;
            }
            if (cmd >= 0) {
                msgRef = d.msgRef();
                packedAny = true;
                writeByte(cmd);
                writeByte(d.code().ordinal());
                writeString(d.cmdRef());
                writeString(d.targetRef());
                writeString(d.sourceRef());
                count++;
                return true;
            }
        }
        writeByte(UNPACKED);
        unpacked.addLast(c);
        count++;
        return true;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The first command of the run, not taken. */
    IntFunction<Command> peek() {
        if (peeked == null) {
            int at = head;
            int cmd = bytes[at++] & 0xFF;
            if (cmd == UNPACKED) {
                peeked = unpacked.peekFirst();
            } else {
                StatusCode code = CODES[bytes[at++] & 0xFF];
                int[] pos = {at};
                String cmdRef = readString(pos);
                String targetRef = readString(pos);
                String sourceRef = readString(pos);
                at = pos[0];
                peeked = new StatusDraft(msgRef, cmdRef, cmds.get(cmd), targetRef, sourceRef, code, null, List.of());
            }
            peekedEnd = at;
        }
        return peeked;
    }

    /** Takes the first command of the run. */
    IntFunction<Command> poll() {
        IntFunction<Command> c = peek();
        if ((bytes[head] & 0xFF) == UNPACKED) {
            unpacked.pollFirst();
        }
        head = peekedEnd;
        peeked = null;
        count--;
        return c;
    }

    /** Estimated heap bytes this run holds. */
    long retainedBytes() {
        return OVERHEAD_BYTES + bytes.length + (long) unpacked.size() * UNPACKED_BYTES;
    }

    private void writeByte(int b) {
        room(1);
        bytes[end++] = (byte) b;
    }

    /** A varint of length + 1 (0: null), then the UTF-8 bytes. */
    private void writeString(String s) {
        if (s == null) {
            writeByte(0);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int n = utf8.length + 1;
        while (n >= 0x80) {
            writeByte(n & 0x7F | 0x80);
            n >>>= 7;
        }
        writeByte(n);
        room(utf8.length);
        System.arraycopy(utf8, 0, bytes, end, utf8.length);
        end += utf8.length;
    }

    private String readString(int[] pos) {
        int n = 0;
        int shift = 0;
        int b;
        do {
            b = bytes[pos[0]++] & 0xFF;
            n |= (b & 0x7F) << shift;
            shift += 7;
        } while (b >= 0x80);
        if (n == 0) {
            return null;
        }
        String s = new String(bytes, pos[0], n - 1, StandardCharsets.UTF_8);
        pos[0] += n - 1;
        return s;
    }

    private void room(int n) {
        if (end + n > bytes.length) {
            // what was read is dropped first: a long run drained reply by reply shrinks as it goes
            if (head > 0 && head >= bytes.length / 2) {
                System.arraycopy(bytes, head, bytes, 0, end - head);
                end -= head;
                peekedEnd -= head;
                head = 0;
            }
            if (end + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(end + n, bytes.length * 2));
            }
        }
    }

    @Override
    public String toString() {
        return "PackedCommands[" + count + " commands, " + Objects.requireNonNullElse(msgRef, "-") + "]";
    }
}
