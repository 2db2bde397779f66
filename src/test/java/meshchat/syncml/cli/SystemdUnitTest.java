package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/meshchat-syncml.service passes {@code systemd-analyze verify} (Debian's systemd package)
 * without a single complaint: verify exits 0 on settings it merely ignores, so any output fails.
 * A missing tool fails the test under CI=true and skips it elsewhere.
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("deploy/meshchat-syncml.service");
    private static final Path TOOL = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path tmp;

    record Verify(int exit, String output) { }

    static Verify verify(Path unit) throws Exception {
        Process p = new ProcessBuilder(TOOL.toString(), "verify", unit.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("systemd-analyze verify did not finish within 60 s");
        }
        return new Verify(p.exitValue(), out);
    }

    @Test
    void theUnitVerifiesCleanAndIsHardened() throws Exception {
        if (!Files.isExecutable(TOOL)) {
            String message = TOOL + " not found; install the Debian package: apt-get install -y systemd";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: must not be skipped)");
            }
            Assumptions.abort(message);
        }
        Verify v = verify(UNIT);
        assertEquals(0, v.exit(), v.output());
        assertEquals("", v.output().strip(), "no warnings either");

        String unit = Files.readString(UNIT, StandardCharsets.UTF_8);
        for (String line : List.of("User=meshchat-syncml", "StateDirectory=meshchat-syncml", "Restart=on-failure",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes", "RestartPreventExitStatus=2",
                "serve --config /etc/meshchat-syncml/meshchat.conf")) {
            assertTrue(unit.contains(line), "the unit has " + line);
        }

        // the archive's training: as root ("+") into a folder the service cannot write, with the
        // operator's JAVA_OPTS, cut by timeout (plus its kill delay) well before the start timeout
        // (else systemd kills the unit and Restart= loops); CdsArchiveJarTest runs the script itself
        assertTrue(unit.contains("ExecStartPre=-+/bin/sh -c 'c=/var/cache/meshchat-syncml-cds;"), "training as root");
        assertTrue(!unit.contains("CacheDirectory="), "no folder the service user owns for the archive");
        Matcher t = Pattern.compile("timeout -k (\\d+) (\\d+) /usr/bin/java \\$\\$JAVA_OPTS ").matcher(unit);
        assertTrue(t.find(), "the training runs under timeout with JAVA_OPTS");
        Matcher start = Pattern.compile("^TimeoutStartSec=(\\d+)$", Pattern.MULTILINE).matcher(unit);
        assertTrue(start.find(), "an explicit start timeout");
        assertTrue(Integer.parseInt(t.group(1)) + Integer.parseInt(t.group(2)) + 30 <= Integer.parseInt(start.group(1)),
                "timeout ends the training well before systemd's start timeout: " + t.group() + start.group());

        // the check can fail: a setting systemd does not understand is reported
        Path bad = tmp.resolve("meshchat-syncml.service");
        Files.writeString(bad, unit.replace("ProtectSystem=strict", "ProtectSystem=strictly"));
        Verify b = verify(bad);
        assertTrue(b.output().contains("ProtectSystem") || b.output().contains("protect system"), b.output());
    }
}
