package meshchat.syncml.protocol;

/**
 * An Item. Its Data is one of: text ({@link #data}), an Anchor (in a Status for an Alert) or a
 * device information document ({@link #devInf}); at most one is set.
 */
public record Item(Location target, Location source, MetInf meta, String data, Anchor anchor,
                   DevInf devInf, boolean moreData) {

    public static Item text(Location target, Location source, MetInf meta, String data) {
        return new Item(target, source, meta, data, null, null, false);
    }

    public String targetUri() {
        return target == null ? null : target.uri();
    }

    public String sourceUri() {
        return source == null ? null : source.uri();
    }
}
