package meshchat.syncml.protocol;

/** The SyncML representation versions we read and write (RepPro 1.0, 1.1, 1.2). */
public enum SyncMLVersion {
    V1_0("1.0", "SyncML/1.0", "SYNCML:SYNCML1.0", "./devinf10", "1.0"),
    V1_1("1.1", "SyncML/1.1", "SYNCML:SYNCML1.1", "./devinf11", "1.1"),
    V1_2("1.2", "SyncML/1.2", "SYNCML:SYNCML1.2", "./devinf12", "1.2");

    public final String verDtd;
    public final String verProto;
    public final String namespace;
    /** The LocURI of the device information document for this version (DS Protocol, DevInf). */
    public final String devInfUri;
    public final String devInfVerDtd;

    SyncMLVersion(String verDtd, String verProto, String namespace, String devInfUri, String devInfVerDtd) {
        this.verDtd = verDtd;
        this.verProto = verProto;
        this.namespace = namespace;
        this.devInfUri = devInfUri;
        this.devInfVerDtd = devInfVerDtd;
    }

    /** The version named by a VerDTD value, or null when we do not speak it. */
    public static SyncMLVersion ofVerDtd(String verDtd) {
        if (verDtd == null) {
            return null;
        }
        for (SyncMLVersion v : values()) {
            if (v.verDtd.equals(verDtd.trim())) {
                return v;
            }
        }
        return null;
    }

    public static SyncMLVersion ofNamespace(String ns) {
        for (SyncMLVersion v : values()) {
            if (v.namespace.equalsIgnoreCase(ns)) {
                return v;
            }
        }
        return null;
    }
}
