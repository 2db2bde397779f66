package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external tools the interop tests need. A missing tool fails the test when the
 * environment variable {@code CI} is {@code "true"} (CI must never skip silently) and skips it
 * (JUnit assumption) on a developer machine, naming the Debian package to install either way.
 */
final class ToolCheck {

    private ToolCheck() {
    }

    /** Returns the absolute path of {@code executable} on PATH, or fails/skips as described above. */
    static Path require(String executable, String debianPackage) {
        Optional<Path> found = find(executable);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "'" + executable + "' not found on PATH; install the Debian package: "
                + "apt-get install -y --no-install-recommends " + debianPackage;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: interop tests must not be skipped)");
        }
        Assumptions.abort(message + " (skipped; set CI=true to make this a failure)");
        throw new AssertionError("unreachable");
    }

    /** The tools every SyncEvolution test needs: the client itself and gcc for the curl fix. */
    static void requireSyncEvolution() {
        require("syncevolution", "syncevolution");
        require("gcc", "gcc");
    }

    static Optional<Path> find(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
