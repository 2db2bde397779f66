package meshchat.syncml.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code curl-fix.so}, the LD_PRELOAD work-around for the Debian 12 SyncEvolution client
 * that segfaults on its first POST (see {@code curl-fix.c} for the why and how).
 *
 * <p>The source is the test resource {@code /curl-fix.c}; the library is compiled with gcc into
 * {@code target/interop/} once per JVM. Without gcc the calling test fails (CI) or is skipped.
 */
final class CurlFix {

    private static Path built;

    private CurlFix() {
    }

    /** Directory for build products of the interop harness: {@code <basedir>/target/interop}. */
    static Path outputDir() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "target", "interop").toAbsolutePath();
    }

    /** Returns the path of the compiled library, compiling it on first use. */
    static synchronized Path library() {
        if (built != null) {
            return built;
        }
        Path gcc = ToolCheck.require("gcc", "gcc");
        try {
            Path dir = Files.createDirectories(outputDir());
            Path source = dir.resolve("curl-fix.c");
            try (InputStream in = CurlFix.class.getResourceAsStream("/curl-fix.c")) {
                if (in == null) {
                    throw new AssertionError("test resource /curl-fix.c is not on the classpath"
                            + " (expected from interop-tests/src/test/resources)");
                }
                Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
            }
            Path library = dir.resolve("curl-fix.so");
            Path tmp = dir.resolve("curl-fix.so.tmp");
            List<String> command = List.of(gcc.toString(), "-shared", "-fPIC", "-O2", "-Wall",
                    "-o", tmp.toString(), source.toString(), "-ldl");
            Process gccProcess = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(gccProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gccProcess.waitFor(120, TimeUnit.SECONDS)) {
                gccProcess.destroyForcibly();
                throw new AssertionError("gcc did not finish within 120 s: " + command);
            }
            if (gccProcess.exitValue() != 0) {
                throw new AssertionError("building curl-fix.so failed (exit " + gccProcess.exitValue()
                        + "): " + String.join(" ", command) + "\n" + output);
            }
            Files.move(tmp, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            built = library;
            return library;
        } catch (IOException e) {
            throw new AssertionError("building curl-fix.so in " + outputDir() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building curl-fix.so", e);
        }
    }
}
