package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's peer options refuse to start, with one line and exit 2, on every bad setting. */
class ServePeerOptionsTest {
    static final String PEER = "http://127.0.0.2:8080/sync";

    @TempDir
    Path dir;

    Path credentials(String perms, String... lines) throws Exception {
        Path f = dir.resolve("peers.txt");
        Files.write(f, java.util.List.of(lines));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    /** --data is a plain file: the store refuses it, after the peer options were checked. */
    CliRun serve(String... peerArgs) throws Exception {
        Path notADir = dir.resolve("not-a-folder");
        Files.writeString(notADir, "x");
        String[] all = new String[peerArgs.length + 4];
        all[0] = "--data";
        all[1] = notADir.toString();
        all[2] = "--port";
        all[3] = "0";
        System.arraycopy(peerArgs, 0, all, 4, peerArgs.length);
        return CliRun.run(new ServeCommand(), "", all);
    }

    static void refused(CliRun r, String... parts) {
        assertEquals(2, r.exit(), r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("meshchat-syncml: "), line);
        for (String p : parts) {
            assertTrue(line.contains(p), "'" + p + "' in: " + line);
        }
    }

    @Test
    void aCredentialsFileReadableByOthersIsRefused() throws Exception {
        Path f = credentials("rw-r--r--", PEER + " peer secret");
        CliRun r = serve("--peer", PEER, "--peer-credentials", f.toString());
        refused(r, "readable or writable by others", "chmod 600 " + f);
        assertFalse(r.err().contains("secret"));
    }

    @Test
    void aCredentialsFileWritableByGroupIsRefused() throws Exception {
        Path f = credentials("rw--w----", PEER + " peer secret");
        refused(serve("--peer", PEER, "--peer-credentials", f.toString()), "readable or writable by others");
    }

    @Test
    void aPrivateCredentialsFileIsAccepted() throws Exception {
        Path f = credentials("rw-------", "# peers of this node", "", PEER + " peer secret");
        CliRun r = serve("--peer", PEER, "--peer-credentials", f.toString());
        assertEquals(2, r.exit());
        assertFalse(r.err().contains("peer"), "the peer options passed; the store refused the data folder: " + r.err());
    }

    @Test
    void aMalformedLineIsRefusedWithItsNumberAndWithoutThePassword() throws Exception {
        Path f = credentials("rw-------", "# peers", "", PEER + " peer secret extra");
        CliRun r = serve("--peer", PEER, "--peer-credentials", f.toString());
        refused(r, f + " line 3", "URL user password");
        assertFalse(r.err().contains("secret"));
    }

    @Test
    void aLineWithABadUrlIsRefusedWithItsNumber() throws Exception {
        Path f = credentials("rw-------", "ftp://127.0.0.2/sync peer secret");
        refused(serve("--peer", PEER, "--peer-credentials", f.toString()), "line 1", "http://");
    }

    @Test
    void aPeerWithoutCredentialsIsRefused() throws Exception {
        Path f = credentials("rw-------", "http://127.0.0.3:8080/sync peer secret");
        refused(serve("--peer", PEER, "--peer-credentials", f.toString()), "no credentials for --peer " + PEER);
    }

    @Test
    void aPeerWithoutACredentialsFileIsRefused() throws Exception {
        refused(serve("--peer", PEER), "--peer-credentials");
    }

    @Test
    void badIntervalEncodingAndUrlsAreRefused() throws Exception {
        Path f = credentials("rw-------", PEER + " peer secret");
        refused(serve("--peer", PEER, "--peer-credentials", f.toString(), "--peer-interval", "0"), "--peer-interval");
        refused(serve("--peer", PEER, "--peer-credentials", f.toString(), "--peer-encoding", "json"), "--peer-encoding");
        refused(serve("--peer", "ftp://127.0.0.2/sync", "--peer-credentials", f.toString()), "http://");
        refused(serve("--peer", "http:///sync", "--peer-credentials", f.toString()), "no host");
        refused(serve("--peer", PEER, "--peer", PEER, "--peer-credentials", f.toString()), "twice");
    }
}
