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
import java.util.List;
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
        List<String> command = new ArrayList<>(List.of("java")); // the README's command runs java from the PATH, as the build did
        command.addAll(List.of(args));
        return run(command);
    }

    static Run run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish within 120 s");
        }
        return new Run(p.exitValue(), out);
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

    @Test
    void theSystemdUnitMakesTheArchiveOnceForItsJar() throws Exception {
        Path java = Path.of("/usr/bin/java");
        if (!Files.isExecutable(java)) {
            fail(java + " not found: the unit runs it (Debian: openjdk-17-jre-headless)");
        }
        // ExecStartPre as systemd runs it: continuation lines joined, $$ and %% unescaped; the
        // unit's folders moved to tmp, its jar the built one (copied: the archive names its path)
        String unit = Files.readString(Path.of("deploy/meshchat-syncml.service"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("^ExecStartPre=-/bin/sh -c '(.*?)'$", Pattern.MULTILINE | Pattern.DOTALL)
                .matcher(unit.replace("\\\n", ""));
        assertTrue(m.find(), "the unit has the ExecStartPre that makes the archive");
        Path cache = Files.createDirectory(tmp.resolve("cache"));
        Path jar = tmp.resolve("meshchat-syncml.jar");
        Files.copy(JarRun.jar(), jar);
        String script = m.group(1).replace("$$", "$").replace("%%", "%")
                .replace("/var/cache/meshchat-syncml", cache.toString())
                .replace("/opt/meshchat-syncml/meshchat-syncml.jar", jar.toString());
        assertTrue(unit.contains("-XX:SharedArchiveFile=/var/cache/meshchat-syncml/meshchat-syncml.jsa -jar /opt/meshchat-syncml/meshchat-syncml.jar"),
                "ExecStart maps the archive ExecStartPre makes");

        Run first = run(List.of("/bin/sh", "-c", script));
        assertEquals(0, first.exit(), first.output());
        Path jsa = cache.resolve("meshchat-syncml.jsa");
        assertTrue(Files.isRegularFile(jsa), first.output());
        assertFalse(Files.exists(cache.resolve("cds-training")), "the training folder is removed");
        Run on = run(List.of(java.toString(), "-Xshare:on", "-XX:SharedArchiveFile=" + jsa, "-jar", jar.toString(), "--version"));
        assertEquals(0, on.exit(), on.output());

        long made = Files.getLastModifiedTime(jsa).toMillis();
        Run again = run(List.of("/bin/sh", "-c", script));
        assertEquals(0, again.exit(), again.output());
        assertEquals(made, Files.getLastModifiedTime(jsa).toMillis(), "the same jar and JDK: no second training");
    }
}
