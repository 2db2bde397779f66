package meshchat.syncml.protocol;

/**
 * An Item. Its Data is one of: text ({@link #data}), an Anchor (in a Status for an Alert) or a
 * device information document ({@link #devInf}); at most one is set. Make one with the named
 * factories ({@link #withData}, {@link #naming}, {@link #withAnchor}, {@link #withDevInf}) and
 * {@link #withMoreData} for a chunk, rather than the seven-argument constructor.
 */
public record Item(Location target, Location source, MetInf meta, String data, Anchor anchor,
                   DevInf devInf, boolean moreData) {

    /** An item carrying text data (null: none), with its Meta (null: none). */
    public static Item withData(Location target, Location source, MetInf meta, String data) {
        return new Item(target, source, meta, data, null, null, false);
    }

    /** An item carrying text data, no Meta. */
    public static Item withData(Location target, Location source, String data) {
        return withData(target, source, null, data);
    }

    /** An item that only names its target and source (a Delete, an Alert 222 or 223). */
    public static Item naming(Location target, Location source) {
        return withData(target, source, null, null);
    }

    /** An item whose Data is an Anchor (the Status answering a sync Alert). */
    public static Item withAnchor(Anchor anchor) {
        return new Item(null, null, null, null, anchor, null, false);
    }

    /** An item whose Data is a device information document, from {@code source} (e.g. ./devinf12). */
    public static Item withDevInf(Location source, DevInf devInf) {
        return new Item(null, source, null, null, null, devInf, false);
    }

    /**
     * An item carrying text data.
     *
     * @deprecated use {@link #withData(Location, Location, MetInf, String)} (same arguments), or
     *             {@link #naming} when there is no data.
     */
    @Deprecated
    public static Item text(Location target, Location source, MetInf meta, String data) {
        return withData(target, source, meta, data);
    }

    /** This item with MoreData set or cleared (every chunk of a large object but the last has it). */
    public Item withMoreData(boolean more) {
        return new Item(target, source, meta, data, anchor, devInf, more);
    }

    /** This item with other Meta (null: none). */
    public Item withMeta(MetInf meta) {
        return new Item(target, source, meta, data, anchor, devInf, moreData);
    }

    /** This item with other text data. */
    public Item withText(String data) {
        return new Item(target, source, meta, data, anchor, devInf, moreData);
    }

    public String targetUri() {
        return target == null ? null : target.uri();
    }

    public String sourceUri() {
        return source == null ? null : source.uri();
    }
}
