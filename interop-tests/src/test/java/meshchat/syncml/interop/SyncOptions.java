package meshchat.syncml.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a {@link SyncEvolutionClient} is configured. Immutable; the {@code with...} methods return
 * a copy. Defaults: XML, maxMsgSize 150000 (the client's default), SyncML 1.2, preventSlowSync on
 * (SyncEvolution's default; first syncs with local data must then be {@code slow}), refresh
 * syncs as SyncEvolution's default wipe+slow (set {@code enableRefreshSync} for Alert 205),
 * loglevel 4 (the lowest that writes message dumps), 180 s timeout per run.
 *
 * @param syncMLVersion {@code null} or "1.1"/"1.2"; takes effect only before the first sync
 * @param maxMsgSize    0 keeps the client's default
 */
record SyncOptions(String syncUrl, String username, String password, String deviceId, boolean wbxml,
        int maxMsgSize, String syncMLVersion, boolean preventSlowSync, boolean enableRefreshSync,
        int loglevel, Duration timeout) {

    static SyncOptions of(String syncUrl, String username, String password) {
        String deviceId = "sc-interop-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        return new SyncOptions(syncUrl, username, password, deviceId, false, 0, null, true, false, 4,
                Duration.ofSeconds(180));
    }

    SyncOptions withWbxml(boolean on) {
        return new SyncOptions(syncUrl, username, password, deviceId, on, maxMsgSize, syncMLVersion,
                preventSlowSync, enableRefreshSync, loglevel, timeout);
    }

    SyncOptions withMaxMsgSize(int bytes) {
        return new SyncOptions(syncUrl, username, password, deviceId, wbxml, bytes, syncMLVersion,
                preventSlowSync, enableRefreshSync, loglevel, timeout);
    }

    /** "1.1" works only for a client that has never synced (gotcha 10). */
    SyncOptions withSyncMLVersion(String version) {
        return new SyncOptions(syncUrl, username, password, deviceId, wbxml, maxMsgSize, version,
                preventSlowSync, enableRefreshSync, loglevel, timeout);
    }

    SyncOptions withPreventSlowSync(boolean on) {
        return new SyncOptions(syncUrl, username, password, deviceId, wbxml, maxMsgSize, syncMLVersion,
                on, enableRefreshSync, loglevel, timeout);
    }

    /** With this on, refresh-from-remote sends Alert 205 instead of wiping locally + slow sync. */
    SyncOptions withEnableRefreshSync(boolean on) {
        return new SyncOptions(syncUrl, username, password, deviceId, wbxml, maxMsgSize, syncMLVersion,
                preventSlowSync, on, loglevel, timeout);
    }

    SyncOptions withPassword(String newPassword) {
        return new SyncOptions(syncUrl, username, newPassword, deviceId, wbxml, maxMsgSize, syncMLVersion,
                preventSlowSync, enableRefreshSync, loglevel, timeout);
    }

    SyncOptions withDeviceId(String id) {
        return new SyncOptions(syncUrl, username, password, id, wbxml, maxMsgSize, syncMLVersion,
                preventSlowSync, enableRefreshSync, loglevel, timeout);
    }

    SyncOptions withTimeout(Duration t) {
        return new SyncOptions(syncUrl, username, password, deviceId, wbxml, maxMsgSize, syncMLVersion,
                preventSlowSync, enableRefreshSync, loglevel, t);
    }

    /**
     * The properties for {@code syncevolution --configure --template none ... peer memo}.
     * RetryInterval=0 disables resending (a test should see a slow server, not hide it);
     * RetryDuration=120 bounds the wait for a reply.
     */
    List<String> configureProperties(Path memoDir, Path logDir) {
        List<String> p = new ArrayList<>(List.of(
                "keyring=no",
                "syncURL=" + syncUrl,
                "username=" + username,
                "password=" + password,
                "deviceId=" + deviceId,
                "enableWBXML=" + (wbxml ? 1 : 0),
                "loglevel=" + loglevel,
                "logdir=" + logDir,
                "maxlogdirs=0",
                "printChanges=0",
                "dumpData=0",
                "preventSlowSync=" + (preventSlowSync ? 1 : 0),
                "enableRefreshSync=" + (enableRefreshSync ? 1 : 0),
                "RetryInterval=0",
                "RetryDuration=120"));
        if (maxMsgSize > 0) {
            p.add("maxMsgSize=" + maxMsgSize);
        }
        if (syncMLVersion != null) {
            p.add("SyncMLVersion=" + syncMLVersion);
        }
        p.addAll(List.of(
                "memo/backend=file",
                "memo/databaseFormat=text/plain",
                "memo/database=file://" + memoDir,
                "memo/uri=meshchat",
                "memo/sync=two-way"));
        return p;
    }
}
