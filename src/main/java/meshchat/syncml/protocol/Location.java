package meshchat.syncml.protocol;

/** A Target or Source: LocURI and optional LocName. */
public record Location(String uri, String name) {
    public static Location of(String uri) {
        return uri == null ? null : new Location(uri, null);
    }
}
