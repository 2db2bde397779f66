package meshchat.syncml.engine;

import java.util.List;
import meshchat.syncml.chat.MemoText;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.SyncMLVersion;

/** This server's device information: only what it really does. */
final class ServerDevInf {
    static final String SOFTWARE_VERSION = "0.1";

    private ServerDevInf() {
    }

    static DevInf of(SyncMLVersion version, ServerConfig config) {
        DevInf.ContentType plain10 = new DevInf.ContentType(MemoText.CONTENT_TYPE, "1.0");
        DevInf.ContentType plain11 = new DevInf.ContentType(MemoText.CONTENT_TYPE, "1.1");
        // SyncCap: 1 two-way, 2 slow, 3 and 4 from client, 5 and 6 from server; no 7 (no SAN).
        DevInf.DataStore store = new DevInf.DataStore(config.datastore(), "MeshChat", 64L, plain10, List.of(plain11),
                plain10, List.of(plain11), List.of("1", "2", "3", "4", "5", "6"));
        return new DevInf(version.devInfVerDtd, "MeshChat", "meshchat-syncml", null, SOFTWARE_VERSION, SOFTWARE_VERSION,
                "-", config.nodeName(), "server", true, true, true, List.of(store), null);
    }
}
