package meshchat.syncml.chat;

/**
 * A note object that cannot be read as its content type says; the reason is one line naming
 * what is wrong (the engine answers the item with an error status and goes on).
 */
public final class MalformedNoteException extends Exception {
    private final String contentType;

    public MalformedNoteException(String contentType, String reason) {
        super(contentType + ": " + reason);
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }
}
