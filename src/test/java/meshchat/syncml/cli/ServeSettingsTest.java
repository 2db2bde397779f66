package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** serve's settings: flag > MESHCHAT_* > config file > default, parsed in-process (no server started). */
class ServeSettingsTest {
    private static final Path EXAMPLE = Path.of("deploy/meshchat.conf.example");

    @TempDir
    Path dir;

    ServeCommand parse(Map<String, String> env, String... args) throws ServeSettings.BadSetting {
        CommandLine cl = Main.commandLine(env, args);
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (ServeCommand) r.subcommand().commandSpec().userObject();
    }

    Path conf(String text) throws IOException {
        return Files.writeString(dir.resolve("meshchat.conf"), text);
    }

    @Test
    void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
        Path f = conf("# comment\nport = 7001\npeer-interval = 41\ntombstone-days = 12\nnode = file-node\n");
        Map<String, String> env = Map.of("MESHCHAT_PEER_INTERVAL", "42", "MESHCHAT_PORT", "7002");
        ServeCommand s = parse(env, "serve", "--config", f.toString(), "--port", "7003");
        assertEquals(7003, s.port, "flag over env and file");
        assertEquals(42, s.peerInterval, "env over file");
        assertEquals(12, s.tombstoneDays, "file over default");
        assertEquals("file-node", s.node);
        assertEquals(1_000_000, s.maxMsgSize, "default where nobody set it");
        assertEquals(Path.of("./data"), s.data);
        assertEquals(7001, parse(Map.of("MESHCHAT_PORT", " "), "serve", "--config", f.toString()).port, "empty: unset");
    }

    @Test
    void configFileFromEnvAndEqualsForm() throws Exception {
        Path f = conf("port = 7011\n");
        assertEquals(7011, parse(Map.of("MESHCHAT_CONFIG", f.toString()), "serve").port);
        assertEquals(7011, parse(Map.of(), "serve", "--config=" + f).port);
    }

    @Test
    void listsAreCommaSeparatedEverywhere() throws Exception {
        Path f = conf("peer = http://127.0.0.2:8080/sync, http://127.0.0.3:8080/sync\n");
        assertEquals(List.of(URI.create("http://127.0.0.2:8080/sync"), URI.create("http://127.0.0.3:8080/sync")),
                parse(Map.of(), "serve", "--config", f.toString()).peers);
        assertEquals(List.of(URI.create("http://127.0.0.4:8080"), URI.create("http://127.0.0.5:8080")),
                parse(Map.of("MESHCHAT_V2_PEER", "http://127.0.0.4:8080,http://127.0.0.5:8080"), "serve").v2Peers);
        assertEquals(List.of(URI.create("http://127.0.0.6:8080/sync")), parse(Map.of("MESHCHAT_PEER", "http://127.0.0.2/sync"),
                "serve", "--peer", "http://127.0.0.6:8080/sync").peers, "the flag replaces the env list");
    }

    @Test
    void badValuesNameTheSettingInOneLine() throws Exception {
        ServeSettings.BadSetting e = assertThrows(ServeSettings.BadSetting.class,
                () -> parse(Map.of("MESHCHAT_PEER_INTERVAL", "soon"), "serve"));
        assertEquals("MESHCHAT_PEER_INTERVAL=soon: --peer-interval takes a whole number", e.getMessage());
        Path f = conf("port = 8080\nprot = 9\n");
        e = assertThrows(ServeSettings.BadSetting.class, () -> parse(Map.of(), "serve", "--config", f.toString()));
        assertTrue(e.getMessage().startsWith(f + " line 2: unknown setting 'prot' (known: port, host,"), e.getMessage());
        Path g = conf("peer = http://127.0.0.2/sync, not a url\n");
        e = assertThrows(ServeSettings.BadSetting.class, () -> parse(Map.of(), "serve", "--config", g.toString()));
        assertTrue(e.getMessage().endsWith("--peer takes an http:// URL (a comma-separated list)"), e.getMessage());
        e = assertThrows(ServeSettings.BadSetting.class,
                () -> parse(Map.of(), "serve", "--config", dir.resolve("missing.conf").toString()));
        assertTrue(e.getMessage().startsWith("cannot read the config file "), e.getMessage());
    }

    @Test
    void aBadValueExitsTwoWithOneLine() throws Exception {
        StringWriter err = new StringWriter();
        int exit = Main.run(Map.of("MESHCHAT_PORT", "80a"), new String[] {"serve"}, new PrintWriter(err, true));
        assertEquals(2, exit);
        assertEquals("meshchat-syncml: MESHCHAT_PORT=80a: --port takes a whole number\n", err.toString());
        err = new StringWriter();
        exit = Main.run(Map.of("MESHCHAT_MAX_MSG_SIZE", "100"), new String[] {"serve"}, new PrintWriter(err, true));
        assertEquals(2, exit);
        assertEquals("meshchat-syncml: --max-msg-size (MESHCHAT_MAX_MSG_SIZE, 'max-msg-size =' in the config file)"
                + " must be at least 4096, not 100\n", err.toString());
        err = new StringWriter();
        exit = Main.run(Map.of(), new String[] {"serve", "--port", "x"}, new PrintWriter(err, true));
        assertEquals(2, exit);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("--port"), err.toString());
    }

    @Test
    void helpShowsEverySettingWithItsDefaultAndEnvName() throws Exception {
        CommandLine cl = Main.commandLine(Map.of(), new String[] {"serve"});
        CommandLine serve = cl.getSubcommands().get("serve");
        String help = serve.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        for (String name : ServeSettings.settings(serve.getCommandSpec()).keySet()) {
            String env = ServeSettings.envName(name);
            String desc = String.join(" ", serve.getCommandSpec().findOption("--" + name).description());
            assertTrue(desc.contains("default"), "--" + name + " names its default: " + desc);
            assertTrue(desc.contains("env " + env), "--" + name + " names " + env + ": " + desc);
            assertTrue(help.contains("--" + name), "--" + name + " in --help");
        }
        assertTrue(help.contains("HTTP port (default 8080; env MESHCHAT_PORT)"), help);
    }

    @Test
    void shippedExampleIsCompleteAndValid() throws Exception {
        // as shipped (a few settings active)
        ServeCommand s = parse(Map.of(), "serve", "--config", EXAMPLE.toString());
        assertEquals(8080, s.port);
        // every commented '#setting = value' line made active: still valid, and together with the
        // active ones they name every setting of serve
        String all = Files.readAllLines(EXAMPLE).stream()
                .map(l -> l.matches("#[a-z0-9-]+ =.*") ? l.substring(1) : l).collect(Collectors.joining("\n"));
        Path f = conf(all);
        Map<String, String> env = new HashMap<>();
        s = parse(env, "serve", "--config", f.toString());
        assertEquals(2, s.peers.size());
        assertEquals("wbxml", s.peerEncoding);
        assertNull(s.badValue(), "every example value is in range");
        var named = Pattern.compile("(?m)^([a-z0-9-]+) =").matcher(all).results().map(m -> m.group(1)).collect(Collectors.toSet());
        CommandLine serve = Main.commandLine(Map.of(), new String[] {"serve"}).getSubcommands().get("serve");
        assertEquals(ServeSettings.settings(serve.getCommandSpec()).keySet(), named, "the example names every setting");
        assertFalse(named.contains("config"));
    }
}
