package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar reads its settings from a config file, MESHCHAT_* and flags, in that order of strength. */
class ServeSettingsJarTest {

    @TempDir
    Path dir;

    @Test
    void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
        int filePort = JarRun.freePort();
        int envPort = JarRun.freePort();
        int flagPort = JarRun.freePort();
        Path data = dir.resolve("from-file");
        Path conf = Files.writeString(dir.resolve("meshchat.conf"), String.join("\n",
                "# written by the test", "host = 127.0.0.1", "port = " + filePort, "data = " + data,
                "node = file-node", "sync-path = /file-sync", "tombstone-days = 30", ""));
        Map<String, String> env = new HashMap<>(Map.of("MESHCHAT_PORT", Integer.toString(envPort),
                "MESHCHAT_NODE", "env-node"));
        // file < env for node, env < flag for port; sync-path from the file; max-msg-size default
        try (JarRun serve = JarRun.start(dir, env, "", "serve", "--config", conf.toString(), "--port", Integer.toString(flagPort))) {
            String line = serve.awaitLine("serving SyncML at");
            assertEquals("meshchat-syncml: node env-node serving SyncML at http://127.0.0.1:" + flagPort
                    + "/file-sync (data " + data + ")", line);
            ContentResponse status = LoopbackHttp.send(LoopbackHttp.request(URI.create("http://127.0.0.1:" + flagPort + "/")));
            assertEquals(200, status.getStatus());
            assertTrue(LoopbackHttp.body(status).contains("env-node"), LoopbackHttp.body(status));
            assertTrue(Files.isDirectory(data), "the data folder from the file was used");
        }
        // without the flag, the env port wins over the file's
        try (JarRun serve = JarRun.start(dir, Map.of("MESHCHAT_PORT", Integer.toString(envPort), "MESHCHAT_CONFIG", conf.toString()),
                "", "serve")) {
            assertTrue(serve.awaitLine("serving SyncML at").contains("node file-node serving SyncML at http://127.0.0.1:" + envPort + "/"));
        }
    }

    @Test
    void aBadSettingExitsNonZeroWithOneLineNamingIt() throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "port = 8080\ntombstone-days = 0\n");
        record Case(Map<String, String> env, List<String> args, String names) { }
        List<Case> cases = List.of(
                new Case(Map.of("MESHCHAT_PEER_INTERVAL", "soon"), List.of("serve"), "MESHCHAT_PEER_INTERVAL=soon: --peer-interval takes a whole number"),
                new Case(Map.of(), List.of("serve", "--config", conf.toString()), "--tombstone-days (MESHCHAT_TOMBSTONE_DAYS"),
                new Case(Map.of(), List.of("serve", "--port", "99999", "--data", dir.resolve("d").toString()), "--port (MESHCHAT_PORT"),
                new Case(Map.of(), List.of("serve", "--peer-encoding", "json", "--data", dir.resolve("d").toString()),
                        "--peer-encoding (MESHCHAT_PEER_ENCODING, 'peer-encoding =' in the config file) must be wbxml or xml"));
        for (Case c : cases) {
            try (JarRun run = JarRun.start(dir, c.env(), "", c.args().toArray(String[]::new))) {
                assertEquals(2, run.exit(), run.output());
                String out = run.output();
                assertEquals(1, out.lines().count(), "one line: " + out);
                assertTrue(out.startsWith("meshchat-syncml: ") && out.contains(c.names()), out);
            }
        }
    }
}
