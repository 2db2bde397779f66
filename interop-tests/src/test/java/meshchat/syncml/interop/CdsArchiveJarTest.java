package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the class-data-sharing archive {@code mvn package} writes beside the jar
 * (target/meshchat-syncml.jsa, see the pom's cds-archive step) and the one the systemd unit makes.
 * {@code -Xshare:on} turns "archive not used" into a failed start, so it is the check: the archive
 * is usable with this jar and this JDK; an archive of another jar is refused (the check can fail);
 * and without -Xshare:on (the README's command) a stale archive starts with at most a warning, a
 * missing one silently.
 */
class CdsArchiveJarTest {
    @TempDir
    Path tmp;

    record Run(int exit, String output) { }

    static Run java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString())); // the JDK the build made the archive with
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    /** This JVM's java: failsafe forks the JDK Maven runs with, which made the archive. */
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    static Run run(List<String> command, Map<String, String> env) throws Exception {
        // output to a file, so that a process that never ends cannot block the read and the guard fires
        Path out = Files.createTempFile("cds-run", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(command + " did not finish within 180 s: " + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Path archive() {
        Path jsa = JarRun.jar().resolveSibling("meshchat-syncml.jsa");
        assertTrue(Files.isRegularFile(jsa), "mvn package writes " + jsa);
        return jsa;
    }

    @Test
    void theBuiltArchiveIsUsedAndAMissingOneStillStarts() throws Exception {
        String jar = JarRun.jar().toString();
        Run on = java("-Xshare:on", "-XX:SharedArchiveFile=" + archive(), "-jar", jar, "--version");
        assertEquals(0, on.exit(), on.output());
        assertEquals("meshchat-syncml 0.1", on.output().strip());

        // the check can fail: the same archive with a copy of the jar elsewhere is refused
        Path copy = tmp.resolve("other.jar");
        Files.copy(JarRun.jar(), copy, StandardCopyOption.COPY_ATTRIBUTES);
        Run refused = java("-Xshare:on", "-XX:SharedArchiveFile=" + archive(), "-jar", copy.toString(), "--version");
        assertNotEquals(0, refused.exit(), refused.output());

        // the README's command without -Xshare:on: a stale or missing archive only costs speed;
        // the stale one costs a line of warning (the JVM's own archive is still used)
        Run stale = java("-XX:SharedArchiveFile=" + archive(), "-jar", copy.toString(), "--version");
        assertEquals(0, stale.exit(), stale.output());
        List<String> lines = stale.output().strip().lines().toList();
        assertEquals("meshchat-syncml 0.1", lines.get(lines.size() - 1), stale.output());
        assertTrue(lines.subList(0, lines.size() - 1).stream().allMatch(l -> l.contains("[warning][cds")), stale.output());
        Run missing = java("-XX:SharedArchiveFile=" + tmp.resolve("none.jsa"), "-jar", jar, "--version");
        assertEquals(0, missing.exit(), missing.output());
        assertEquals("meshchat-syncml 0.1", missing.output().strip(), "not even a warning");
    }

    /** The unit's ExecStartPre as systemd runs it, its folders in tmp, this JDK for /usr/bin/java. */
    String unitScript(Path cache, Path jar) throws Exception {
        // continuation lines joined, $$ and %% unescaped
        String unit = Files.readString(Path.of("deploy/meshchat-syncml.service"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("^ExecStartPre=-\\+/bin/sh -c '(.*?)'$", Pattern.MULTILINE | Pattern.DOTALL)
                .matcher(unit.replace("\\\n", ""));
        assertTrue(m.find(), "the unit has the ExecStartPre that makes the archive, as root");
        assertTrue(unit.contains("-XX:SharedArchiveFile=/var/cache/meshchat-syncml-cds/meshchat-syncml.jsa -jar /opt/meshchat-syncml/meshchat-syncml.jar"),
                "ExecStart maps the archive ExecStartPre makes");
        return m.group(1).replace("$$", "$").replace("%%", "%")
                .replace("/var/cache/meshchat-syncml-cds", cache.toString())
                .replace("/opt/meshchat-syncml/meshchat-syncml.jar", jar.toString())
                .replace("/usr/bin/java", JAVA.toString());
    }

    @Test
    void theSystemdUnitMakesTheArchiveOnceForItsJar() throws Exception {
        Path cache = tmp.resolve("cache"); // the script creates it
        Path jar = tmp.resolve("meshchat-syncml.jar"); // a copy: the archive names its jar's path
        Files.copy(JarRun.jar(), jar);
        String script = unitScript(cache, jar);
        Map<String, String> env = Map.of("JAVA_OPTS", "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

        Run first = run(List.of("/bin/sh", "-c", script), env);
        assertEquals(0, first.exit(), first.output());
        Path jsa = cache.resolve("meshchat-syncml.jsa");
        assertTrue(Files.isRegularFile(jsa), first.output());
        assertTrue(Files.isRegularFile(cache.resolve("meshchat-syncml.jsa.stamp")), first.output());
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(jsa)), "read-only, for everyone");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertFalse(Files.exists(cache.resolve("cds-training")), "the training folder is removed");
        Run on = run(List.of(JAVA.toString(), "-Xshare:on", "-XX:SharedArchiveFile=" + jsa, "-jar", jar.toString(), "--version"), Map.of());
        assertEquals(0, on.exit(), on.output());

        long made = Files.getLastModifiedTime(jsa).toMillis();
        Run again = run(List.of("/bin/sh", "-c", script), env);
        assertEquals(0, again.exit(), again.output());
        assertEquals(made, Files.getLastModifiedTime(jsa).toMillis(), "the same jar and JDK: no second training");

        // a failed training (here: a jar without CdsTraining) leaves neither archive nor stamp, and
        // the script still ends with 0; the next start trains again
        try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(jar))) {
            empty.putNextEntry(new JarEntry("META-INF/"));
        }
        Run failed = run(List.of("/bin/sh", "-c", script), env);
        assertEquals(0, failed.exit(), failed.output());
        assertTrue(failed.output().contains("training failed"), failed.output());
        assertFalse(Files.exists(jsa), "no archive of a failed training");
        assertFalse(Files.exists(cache.resolve("meshchat-syncml.jsa.stamp")), "no stamp of a failed training");
    }
}
