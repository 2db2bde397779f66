package meshchat.syncml.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.protocol.Encoding;

class PeerConfigTest {
    @TempDir
    Path dir;

    Path file(String perms, String... lines) throws Exception {
        Path f = dir.resolve("peers");
        Files.write(f, List.of(lines));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void aPrivateFileGivesEachPeerItsCredentials() throws Exception {
        Path f = file("rw-------", "# two nodes", "  http://127.0.0.2:8080/sync  node-a   pw-a  ", "",
                "https://127.0.0.3/sync node-b pw-b");
        List<Peer> peers = PeerConfig.load(List.of(URI.create("https://127.0.0.3/sync"), URI.create("http://127.0.0.2:8080/sync")),
                f, 45, "xml");
        assertEquals(List.of(
                new Peer(URI.create("https://127.0.0.3/sync"), "node-b", "pw-b", Duration.ofSeconds(45), Encoding.XML),
                new Peer(URI.create("http://127.0.0.2:8080/sync"), "node-a", "pw-a", Duration.ofSeconds(45), Encoding.XML)),
                peers);
        assertFalse(peers.get(0).toString().contains("pw-b"), "no password in toString");
    }

    @Test
    void noPeersNeedNoFileAndWbxmlIsTheDefault() {
        assertEquals(List.of(), PeerConfig.load(List.of(), null, 30, "wbxml"));
        assertEquals(Encoding.WBXML, PeerConfig.encoding("WBXML"));
    }

    @Test
    void aLineTwiceIsRefused() throws Exception {
        Path f = file("rw-------", "http://127.0.0.2/sync a b", "http://127.0.0.2/sync c d");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerConfig.load(List.of(URI.create("http://127.0.0.2/sync")), f, 30, "wbxml"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aMissingFileIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerConfig.load(List.of(URI.create("http://127.0.0.2/sync")), dir.resolve("none"), 30, "wbxml"));
        assertTrue(e.getMessage().contains("is not a file"), e.getMessage());
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Peer.checkUrl(URI.create("http://user:pw@127.0.0.2/sync")));
        assertTrue(e.getMessage().contains("--peer-credentials") && !e.getMessage().contains("pw@"), e.getMessage());
    }
}
