package meshchat.syncml.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An independent WBXML reader: libwbxml2's wbxml2xml (Debian libwbxml2-utils). Its exit code is 0
 * even on some failures, so a document counts as accepted only when the XML it wrote holds a
 * SyncML root. Missing tool: with CI=true that is a failure (CI must never skip silently).
 */
final class Libwbxml2 {
    static final String HINT = "install the Debian package libwbxml2-utils"
            + " (apt-get install -y --no-install-recommends libwbxml2-utils)";

    private Libwbxml2() {
    }

    /** wbxml2xml on PATH; null when absent and CI is not "true" (the caller then skips the check). */
    static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "wbxml2xml");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("wbxml2xml not found on PATH: " + HINT + " (CI=true: must not skip)");
        }
        System.err.println("wbxml2xml not found on PATH, libwbxml2 checks skipped: " + HINT);
        return null;
    }

    /** Null when libwbxml2 reads the document as SyncML, else its complaint. */
    static String reject(Path tool, byte[] wbxml, Path scratch) throws IOException, InterruptedException {
        Path in = Files.createTempFile(scratch, "reply", ".wbxml");
        Path out = in.resolveSibling(in.getFileName() + ".xml");
        try {
            Files.write(in, wbxml);
            Process p = new ProcessBuilder(tool.toString(), "-m", "0", "-o", out.toString(), in.toString())
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "wbxml2xml did not finish in 30 s";
            }
            // not UTF-8 by force: wbxml2xml writes an OPAQUE it does not decode (our nested WBXML
            // DevInf in a Results) as raw bytes into the XML
            String xml = Files.exists(out) ? new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1) : "";
            if (p.exitValue() != 0 || !xml.contains("<SyncML")) {
                return "wbxml2xml exit " + p.exitValue() + ": " + log.trim();
            }
            return null;
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
