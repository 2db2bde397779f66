package meshchat.syncml.protocol;

import java.util.List;

/**
 * Device information (namespace syncml:devinf): the parts the engine uses, plus the document as
 * XML text so the store can keep what the client sent whole (CTCap and all).
 */
public record DevInf(String verDtd, String man, String mod, String oem, String fwV, String swV,
                     String hwV, String devId, String devTyp, boolean utc, boolean supportLargeObjs,
                     boolean supportNumberOfChanges, List<DataStore> dataStores, String xml) {

    public DevInf {
        dataStores = List.copyOf(dataStores);
    }

    /** One DataStore of a DevInf. Content types are (CTType, VerCT) pairs. */
    public record DataStore(String sourceRef, String displayName, Long maxGuidSize,
                            ContentType rxPref, List<ContentType> rx, ContentType txPref,
                            List<ContentType> tx, List<String> syncTypes) {
        public DataStore {
            rx = List.copyOf(rx);
            tx = List.copyOf(tx);
            syncTypes = List.copyOf(syncTypes);
        }
    }

    public record ContentType(String ctType, String verCt) {
    }
}
