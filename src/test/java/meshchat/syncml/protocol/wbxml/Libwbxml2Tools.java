package meshchat.syncml.protocol.wbxml;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** libwbxml2's wbxml2xml and xml2wbxml, the independent WBXML implementation the codec is checked against. */
public final class Libwbxml2Tools {
    private static final String PACKAGE_HINT = "install the Debian package libwbxml2-utils"
            + " (apt-get install -y --no-install-recommends libwbxml2-utils)";

    private Libwbxml2Tools() {
    }

    /** Both tools on PATH, or the test class fails under CI=true and is skipped otherwise. */
    public static void require() {
        for (String tool : new String[] {"wbxml2xml", "xml2wbxml"}) {
            if (findOnPath(tool) == null) {
                String message = tool + " not found on PATH: " + PACKAGE_HINT;
                if ("true".equals(System.getenv("CI"))) {
                    fail(message);
                }
                Assumptions.assumeTrue(false, message);
            }
        }
    }

    /** The executable named {@code tool} on PATH, or null. */
    public static Path findOnPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
