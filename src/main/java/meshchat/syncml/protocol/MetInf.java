package meshchat.syncml.protocol;

import java.util.List;

/** Meta information (namespace syncml:metinf), in MetInf DTD order. Null means absent. */
public record MetInf(String format, String type, String mark, Long size, Anchor anchor, String version,
                     String nextNonce, Long maxMsgSize, Long maxObjSize, List<String> emi) {
    public static final MetInf EMPTY = new MetInf(null, null, null, null, null, null, null, null, null, List.of());

    public MetInf {
        emi = emi == null ? List.of() : List.copyOf(emi);
    }

    public static MetInf ofType(String type) {
        return EMPTY.withType(type);
    }

    public MetInf withFormat(String f) {
        return new MetInf(f, type, mark, size, anchor, version, nextNonce, maxMsgSize, maxObjSize, emi);
    }

    public MetInf withType(String t) {
        return new MetInf(format, t, mark, size, anchor, version, nextNonce, maxMsgSize, maxObjSize, emi);
    }

    public MetInf withSize(Long s) {
        return new MetInf(format, type, mark, s, anchor, version, nextNonce, maxMsgSize, maxObjSize, emi);
    }

    public MetInf withAnchor(Anchor a) {
        return new MetInf(format, type, mark, size, a, version, nextNonce, maxMsgSize, maxObjSize, emi);
    }

    public MetInf withNextNonce(String n) {
        return new MetInf(format, type, mark, size, anchor, version, n, maxMsgSize, maxObjSize, emi);
    }

    public MetInf withMaxMsgSize(Long m) {
        return new MetInf(format, type, mark, size, anchor, version, nextNonce, m, maxObjSize, emi);
    }

    public MetInf withMaxObjSize(Long m) {
        return new MetInf(format, type, mark, size, anchor, version, nextNonce, maxMsgSize, m, emi);
    }

    /** Absent and empty Meta are the same to us. */
    public static MetInf orEmpty(MetInf m) {
        return m == null ? EMPTY : m;
    }
}
