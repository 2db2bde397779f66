package meshchat.syncml.protocol;

/** A SyncML message we cannot read: says where and why, so the operator's log is useful. */
public final class MalformedMessageException extends Exception {
    private final String elementPath;

    public MalformedMessageException(String elementPath, String reason, Throwable cause) {
        super("malformed SyncML message" + (elementPath == null || elementPath.isEmpty() ? "" : " at " + elementPath) + ": " + reason, cause);
        this.elementPath = elementPath;
    }

    public String elementPath() {
        return elementPath;
    }
}
