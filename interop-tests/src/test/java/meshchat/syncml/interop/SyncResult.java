package meshchat.syncml.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one {@code syncevolution --run --sync MODE peer memo}.
 *
 * <p>{@code status} is the session's {@code status.ini} (empty if the client wrote no session
 * directory, e.g. when it crashed). Keys seen in real sessions: {@code status} (200 on success,
 * 401 bad credentials, 2xxxx local errors), {@code error}, {@code source-memo-mode} ({@code slow},
 * {@code two-way}, {@code one-way-from-local}, {@code one-way-from-remote},
 * {@code refresh-from-local}, {@code refresh-from-remote}, {@code disabled}),
 * {@code source-memo-first}, {@code source-memo-status}, and counters
 * {@code source-memo-stat-(local|remote)-(added|updated|removed)-total},
 * {@code source-memo-stat-local-any-(sent|received)} (bytes). Absent counters are 0.
 */
record SyncResult(String mode, long pid, int exitCode, boolean timedOut, String stdout, String stderr,
        Map<String, String> status, Path sessionDir) {

    static final int SIGSEGV_EXIT = 128 + 11;

    /** True when the client finished on its own with exit code 0 and session status 200. */
    boolean succeeded() {
        return !timedOut && exitCode == 0 && "200".equals(status.get("status"));
    }

    /** The session status (200, 401, 20006, ...) or -1 if there was no status.ini. */
    int sessionStatus() {
        String s = status.get("status");
        return s == null ? -1 : Integer.parseInt(s.trim());
    }

    /** The mode the engine actually ran for the memo datastore ({@code source-memo-mode}). */
    String memoMode() {
        return status.getOrDefault("source-memo-mode", "");
    }

    /** A {@code source-memo-stat-...-total} counter, e.g. {@code stat("remote", "added")}. */
    int stat(String side, String what) {
        String value = status.get("source-memo-stat-" + side + "-" + what + "-total");
        return value == null ? 0 : Integer.parseInt(value.trim());
    }

    /** What the client sent, from the engine's message dumps (needs loglevel >= 4). */
    OutgoingMessages outgoing() {
        if (sessionDir == null) {
            throw new AssertionError("no session log dir for this run:\n" + describe());
        }
        return OutgoingMessages.read(sessionDir);
    }

    /** Everything useful for an assertion message. */
    String describe() {
        return "syncevolution --sync " + mode + " (pid " + pid + "): exit=" + exitCode
                + (timedOut ? " (TIMED OUT, killed)" : "")
                + ", status.ini=" + status + ", sessionDir=" + sessionDir
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }

    static Map<String, String> readStatusIni(Path sessionDir) {
        Map<String, String> map = new LinkedHashMap<>();
        if (sessionDir == null) {
            return map;
        }
        Path ini = sessionDir.resolve("status.ini");
        if (!Files.isRegularFile(ini)) {
            return map;
        }
        try {
            for (String line : Files.readAllLines(ini, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#") && !line.startsWith("[")) {
                    map.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + ini + ": " + e, e);
        }
        return map;
    }
}
