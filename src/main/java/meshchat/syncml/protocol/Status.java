package meshchat.syncml.protocol;

import java.util.List;
import java.util.Optional;

/**
 * Status: the answer to one command (CmdRef) of one message (MsgRef); Data is the status code.
 * The code stays data because clients send codes we do not list; {@link #statusCode()} names it
 * when it is one of ours. Make ours with {@link #of} and the {@code with...} methods.
 */
public record Status(String cmdId, String msgRef, String cmdRef, String cmd, List<String> targetRefs,
                     List<String> sourceRefs, MetInf chal, String data, List<Item> items) implements Command {
    public Status {
        targetRefs = List.copyOf(targetRefs);
        sourceRefs = List.copyOf(sourceRefs);
        items = List.copyOf(items);
    }

    /**
     * Our status for command {@code cmdRef} (element name {@code cmd}) of message {@code msgRef}:
     * no refs, no challenge, no items.
     */
    public static Status of(String cmdId, String msgRef, String cmdRef, String cmd, StatusCode code) {
        return new Status(cmdId, msgRef, cmdRef, cmd, List.of(), List.of(), null, code.data(), List.of());
    }

    /** Our status for a command of message {@code msgRef}. */
    public static Status answering(String cmdId, String msgRef, Command c, StatusCode code) {
        return of(cmdId, msgRef, c.cmdId(), c.kind().element, code);
    }

    /** Our status for the SyncHdr of message {@code msgRef} (CmdRef 0). */
    public static Status forHeader(String cmdId, String msgRef, StatusCode code) {
        return of(cmdId, msgRef, "0", "SyncHdr", code);
    }

    /** This status with one TargetRef, or none for null. */
    public Status withTargetRef(String ref) {
        return new Status(cmdId, msgRef, cmdRef, cmd, ref == null ? List.of() : List.of(ref), sourceRefs, chal, data, items);
    }

    /** This status with one SourceRef, or none for null. */
    public Status withSourceRef(String ref) {
        return new Status(cmdId, msgRef, cmdRef, cmd, targetRefs, ref == null ? List.of() : List.of(ref), chal, data, items);
    }

    /** This status with a challenge (null: none). */
    public Status withChal(MetInf chal) {
        return new Status(cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, chal, data, items);
    }

    public Status withItems(List<Item> items) {
        return new Status(cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, chal, data, items);
    }

    public Status withCmdId(String cmdId) {
        return new Status(cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, chal, data, items);
    }

    @Override
    public Kind kind() {
        return Kind.STATUS;
    }

    /** The code when it is one of ours; empty for a code we do not list or garbage. */
    public Optional<StatusCode> statusCode() {
        return StatusCode.parse(data);
    }

    /** Whether the code is this one of ours. */
    public boolean is(StatusCode code) {
        return statusCode().filter(code::equals).isPresent();
    }

    /** The code as a number, whether ours or not; -1 when Data is not a number. */
    public int code() {
        try {
            return Integer.parseInt(data.trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
