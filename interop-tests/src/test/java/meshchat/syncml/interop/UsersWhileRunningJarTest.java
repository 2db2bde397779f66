package meshchat.syncml.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar: user add|list|passwd|remove while a server runs on the data folder (through its
 * admin endpoint; Derby would refuse a second process) and the new account logs in at once;
 * then the same commands with the server stopped. A server without an admin says how to make one.
 */
class UsersWhileRunningJarTest {

    @TempDir
    Path dir;

    int user(Path data, String stdin, StringBuilder out, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "user";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data";
        all[args.length + 2] = data.toString();
        try (JarRun run = JarRun.start(dir, Map.of(), stdin, all)) {
            int exit = run.exit();
            out.setLength(0);
            out.append(run.output());
            return exit;
        }
    }

    int apiStatus(int port, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return LoopbackHttp.send(LoopbackHttp.request(URI.create("http://127.0.0.1:" + port + "/api/messages"))
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Basic " + basic))).getStatus();
    }

    @Test
    void accountsChangeWhileTheServerRunsAndWhenItIsStopped() throws Exception {
        Path data = dir.resolve("data");
        int port = JarRun.freePort();
        StringBuilder out = new StringBuilder();
        try (JarRun serve = JarRun.start(dir, Map.of(), "", "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data", data.toString())) {
            String hint = serve.awaitLine("no admin account yet");
            assertTrue(hint.contains("user add NAME --admin --data " + data), hint);
            assertTrue(Files.exists(data.resolve("admin-endpoint")), "the server wrote its admin file");

            assertEquals(0, user(data, "s3cret\n", out, "add", "op", "--admin"), out::toString);
            assertTrue(out.toString().contains("created account op (admin), call sign OP"), out.toString());
            assertEquals(200, apiStatus(port, "op", "s3cret"), "the running server knows the new account");

            assertEquals(0, user(data, "other\n", out, "passwd", "op"), out::toString);
            assertEquals(401, apiStatus(port, "op", "s3cret"));
            assertEquals(200, apiStatus(port, "op", "other"));

            assertEquals(0, user(data, "pw\n", out, "add", "ham"), out::toString);
            assertEquals(0, user(data, "", out, "list"), out::toString);
            assertTrue(out.toString().contains("ham, call sign HAM") && out.toString().contains("op (admin), call sign OP"), out.toString());
            assertEquals(0, user(data, "", out, "remove", "ham"), out::toString);
            assertEquals(401, apiStatus(port, "ham", "pw"), "removed: no login");
            assertTrue(serve.isAlive());
        }
        assertFalse(Files.exists(data.resolve("admin-endpoint")), "removed when the server stopped");
        // stopped: the commands open the folder themselves and see what the server wrote
        assertEquals(0, user(data, "", out, "list"), out::toString);
        assertTrue(out.toString().contains("op (admin), call sign OP") && !out.toString().contains("ham"), out.toString());
        assertEquals(0, user(data, "pw2\n", out, "add", "ham2"), out::toString);
        try (JarRun serve = JarRun.start(dir, Map.of(), "", "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data", data.toString())) {
            serve.awaitLine("serving SyncML at");
            assertEquals(200, apiStatus(port, "ham2", "pw2"));
            assertFalse(serve.output().contains("no admin account yet"), serve.output());
        }
        // without --dump-dir nothing is written but the data folder (and this test's logs of the runs)
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("data"), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("jar-")).toList());
        }
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(List.of("db", "derby.log"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
