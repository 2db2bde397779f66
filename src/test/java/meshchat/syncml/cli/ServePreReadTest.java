package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The pre-read that lets serve open its connector before picocli: it agrees with what picocli
 * reads (same sources, same order, same option table) and reads nothing that is not plainly
 * well-formed, leaving that to picocli.
 */
class ServePreReadTest {
    @TempDir
    Path dir;

    private static ServePreRead.Plan plan(Map<String, String> env, String... args) {
        return ServePreRead.plan(args, env);
    }

    private Path conf(String text) throws IOException {
        return Files.writeString(dir.resolve("meshchat.conf"), text);
    }

    @Test
    void optionTablesAreServeCommands() throws Exception {
        CommandLine serve = Main.commandLine(Map.of(), new String[] {"serve"}).getSubcommands().get("serve");
        Set<String> single = new HashSet<>();
        Set<String> lists = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (OptionSpec o : serve.getCommandSpec().options()) {
            String name = o.longestName().substring(2);
            if (name.equals("help") || name.equals("version")) {
                continue;
            }
            (o.isMultiValue() ? lists : single).add(name);
            Class<?> type = o.isMultiValue() ? o.auxiliaryTypes()[0] : o.type();
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                numbers.add(name);
            }
        }
        assertEquals(single, ServePreRead.SINGLE);
        assertEquals(lists, ServePreRead.LISTS);
        assertEquals(numbers, ServePreRead.NUMBERS);
    }

    @Test
    void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
        Path f = conf("# comment\nport = 7001\nhost = 127.0.0.3\nnode = file-node\npeer-interval = 41\n");
        assertEquals(new ServePreRead.Plan(null, 8080, null), plan(Map.of(), "serve"));
        assertEquals(new ServePreRead.Plan("127.0.0.3", 7001, "file-node"), plan(Map.of(), "serve", "--config", f.toString()));
        assertEquals(new ServePreRead.Plan("127.0.0.4", 7002, "file-node"), plan(Map.of("MESHCHAT_PORT", " 7002 ",
                "MESHCHAT_HOST", "127.0.0.4", "MESHCHAT_NODE", " "), "serve", "--config=" + f));
        Map<String, String> env = Map.of("MESHCHAT_PORT", "7002", "MESHCHAT_CONFIG", f.toString());
        String[] args = {"serve", "--port", "7003", "--host=127.0.0.5", "--node", "flag-node",
            "--peer", "http://127.0.0.2:8080/sync", "--peer", "http://127.0.0.3:8080/sync"};
        assertEquals(new ServePreRead.Plan("127.0.0.5", 7003, "flag-node"), plan(env, args));
        assertEquals(picocli(env, args), plan(env, args), "as picocli reads it");
        Map<String, String> env2 = Map.of("MESHCHAT_PORT", " 7002 ", "MESHCHAT_HOST", "127.0.0.4", "MESHCHAT_NODE", " ");
        String[] args2 = {"serve", "--config=" + f};
        assertEquals(picocli(env2, args2), plan(env2, args2), "as picocli reads it");
    }

    /** The systemd unit's command line (the shipped config file, the unit's MESHCHAT_DATA) gets its connector early. */
    @Test
    void theServiceCommandLineIsPreRead() throws Exception {
        Path example = Path.of("deploy/meshchat.conf.example");
        assertEquals(new ServePreRead.Plan(null, 8080, null), plan(Map.of("MESHCHAT_DATA", "/var/lib/meshchat-syncml"),
                "serve", "--config", example.toString()));
        // every commented '#setting = value' line made active: still read
        String all = Files.readAllLines(example).stream().map(l -> l.matches("#[a-z0-9-]+ =.*") ? l.substring(1) : l)
                .collect(java.util.stream.Collectors.joining("\n"));
        String[] args = {"serve", "--config", conf(all).toString()};
        assertEquals(picocli(Map.of(), args), plan(Map.of(), args));
    }

    /** What picocli (with ServeSettings) reads, as a plan. */
    private static ServePreRead.Plan picocli(Map<String, String> env, String... args) throws Exception {
        CommandLine.ParseResult r = Main.commandLine(env, args).parseArgs(args);
        ServeCommand s = (ServeCommand) r.subcommand().commandSpec().userObject();
        return new ServePreRead.Plan(s.host, s.port, s.node);
    }

    /** Each of these is picocli's (or ServeSettings') to judge, with its own words: no pre-read. */
    @Test
    void anythingNotPlainlyWellFormedIsLeftToPicocli() throws Exception {
        Map<String, String> none = Map.of();
        String[][] lines = {
            {"user", "list"}, {"serve", "--help"}, {"serve", "-h"}, {"serve", "--version"}, {"serve", "-V"},
            {"serve", "--port"}, {"serve", "--port", "x"}, {"serve", "--port", "-1"}, {"serve", "--port", "70000"},
            {"serve", "--port", "0x50"}, {"serve", "--port", "08080"}, {"serve", "--port", "+8080"}, {"serve", "--port="},
            {"serve", "--port", "8080", "--port", "8081"}, {"serve", "--bogus", "1"}, {"serve", "-p", "8080"},
            {"serve", "extra"}, {"serve", "--"}, {"serve", "@args.txt"}, {"serve", "--node", "@name"},
            {"serve", "--node", "--port"}, {"serve", "--host", ""}, {"serve", "--max-msg-size", "abc"},
            {"serve", "--config", dir.resolve("missing.conf").toString()},
        };
        for (String[] args : lines) {
            assertNull(ServePreRead.plan(args, none), String.join(" ", args));
        }
        assertNull(plan(Map.of("MESHCHAT_PORT", "80a"), "serve"));
        assertNull(plan(Map.of("MESHCHAT_TOMBSTONE_DAYS", "soon"), "serve"));
        // picocli expands ${...} in what it reads from the environment and the file: not read here
        assertNull(plan(Map.of("MESHCHAT_NODE", "${sys:user.name}"), "serve"));
        assertNull(plan(Map.of(), "serve", "--config", conf("host = ${env:HOST}\n").toString()));
        for (String text : new String[] {"prot = 9\n", "port\n", "port = 1\nport = 2\n", "port = x\n", "config = a\n"}) {
            assertNull(plan(Map.of(), "serve", "--config", conf(text).toString()), text);
        }
    }
}
