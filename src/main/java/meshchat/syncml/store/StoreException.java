package meshchat.syncml.store;

/**
 * A store failure. {@link #getMessage()} is one line that says what went wrong and, for startup
 * problems, how to fix it; the cause keeps the JDBC detail.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
