package meshchat.syncml.http;

import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.DevInfText;

/** "Man Mod SwV" of a stored DevInf, for the status page: what software a device runs. */
final class ClientSoftware {
    /** Longest text shown; a client chooses these values. */
    static final int MAX_CHARS = 200;

    private ClientSoftware() {
    }

    /**
     * e.g. "SyncEvolution 2.0 (SwV 2.0.0)"; "unknown" without a readable DevInf. Read as the engine
     * reads it ({@link DevInfText}), so only the DevInf's own Man, Mod and SwV count, not one inside
     * a vendor element of the stored copy.
     */
    static String of(String devInfXml) {
        return DevInfText.parse(devInfXml).map(ClientSoftware::of).orElse("unknown");
    }

    private static String of(DevInf d) {
        String name = (blankIfNull(d.man()) + " " + blankIfNull(d.mod())).strip();
        String swv = blankIfNull(d.swV()).strip();
        String out = (name + (swv.isEmpty() ? "" : " (SwV " + swv + ")")).strip();
        return out.isEmpty() ? "unknown" : out.length() > MAX_CHARS ? out.substring(0, MAX_CHARS) + "..." : out;
    }

    private static String blankIfNull(String s) {
        return s == null ? "" : s;
    }
}
