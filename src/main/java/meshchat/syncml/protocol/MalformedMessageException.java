package meshchat.syncml.protocol;

/** A SyncML message we cannot read: says where and why, so the operator's log is useful. */
public final class MalformedMessageException extends Exception {
    private final String elementPath;
    private final boolean tooLarge;
    /** For a message refused as too large: its header alone (no commands), or null. */
    private final transient SyncMessage headerOnly;

    public MalformedMessageException(String elementPath, String reason, Throwable cause) {
        super("malformed SyncML message" + (elementPath == null || elementPath.isEmpty() ? "" : " at " + elementPath) + ": " + reason, cause);
        this.elementPath = elementPath;
        this.tooLarge = false;
        this.headerOnly = null;
    }

    /** A well-formed-so-far message refused because it exceeds a decode limit ({@link #tooLarge()}). */
    MalformedMessageException(String reason, Throwable cause) {
        super("SyncML message too large: " + reason, cause);
        this.elementPath = "";
        this.tooLarge = true;
        this.headerOnly = null;
    }

    /** The same refusal, with the message's header decoded alone (or null if even that failed). */
    MalformedMessageException(MalformedMessageException tooLarge, SyncMessage headerOnly) {
        super(tooLarge.getMessage(), tooLarge.getCause());
        this.elementPath = tooLarge.elementPath;
        this.tooLarge = tooLarge.tooLarge;
        this.headerOnly = headerOnly;
    }

    /**
     * True when decoding stopped at a limit (too many commands and items, or elements) rather than
     * at bad input: the message is refused as too large (HTTP 413), like the engine's command gate.
     */
    public boolean tooLarge() {
        return tooLarge;
    }

    /**
     * For a message refused as too large, its header decoded alone (its commands skipped unbuilt), so
     * the refusal can be a SyncML reply; null otherwise, or when the header itself was unreadable.
     */
    public SyncMessage headerOnly() {
        return headerOnly;
    }

    public String elementPath() {
        return elementPath;
    }
}
