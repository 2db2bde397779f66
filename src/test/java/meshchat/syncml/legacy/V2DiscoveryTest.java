package meshchat.syncml.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zone peers from AREDN's service lists, as v2's node_list finds them. */
class V2DiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void zonePeersComeFromServicesOlsrWithoutOtherZonesOrOurselves() throws IOException {
        Path olsr = dir.resolve("services_olsr");
        Files.writeString(olsr, String.join("\n",
                "http://Node-B.local.mesh:8080/meshchat|tcp|MeshChat\t#10.1.2.3",
                "http://node-c.local.mesh:8080/meshchat|tcp|MeshChat-1234\t#10.1.2.4",
                "http://node-a.local.mesh:8080/meshchat|tcp|MeshChat\t#10.1.2.5",
                "http://pi-d.local.mesh:8090/meshchat|tcp|MeshChat [chat]\t#10.1.2.6",
                "http://node-e.local.mesh:8080/cgi-bin/status|tcp|MeshChat\t#10.1.2.7",
                "http://node-f.local.mesh:8080/meshchat|tcp|MeshChat"));
        V2Discovery d = new V2Discovery(olsr, dir.resolve("missing"), "MeshChat", "Node-A");
        assertEquals(List.of(URI.create("http://node-b.local.mesh:8080"), URI.create("http://pi-d.local.mesh:8090"),
                URI.create("http://node-f.local.mesh:8080")), d.peers());
        assertEquals(List.of(URI.create("http://node-c.local.mesh:8080")),
                new V2Discovery(olsr, dir, "MeshChat-1234", "node-a").peers());
    }

    @Test
    void babelBuildsListServicesInOneFilePerNode() throws IOException {
        Path services = Files.createDirectories(dir.resolve("arednlink/services"));
        Files.writeString(services.resolve("node-b"), "http://node-b.local.mesh:8080/meshchat|tcp|MeshChat\n");
        Files.writeString(services.resolve("node-c"), "http://node-c.local.mesh:8080/meshchat|tcp|Other\n");
        V2Discovery d = new V2Discovery(dir.resolve("no-olsr"), services, "MeshChat", "node-a");
        assertEquals(List.of(URI.create("http://node-b.local.mesh:8080")), d.peers());
        assertEquals("node-b.local.mesh\t8080", d.services("MeshChat").get(0).line());
    }

    @Test
    void withoutZoneOrFilesThereAreNoPeers() {
        assertEquals(List.of(), new V2Discovery(dir.resolve("a"), dir.resolve("b"), null, "n").peers());
        assertEquals(List.of(), new V2Discovery(dir.resolve("a"), dir.resolve("b"), "MeshChat", "n").peers());
    }
}
