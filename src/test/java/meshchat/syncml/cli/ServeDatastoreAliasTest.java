package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import meshchat.syncml.engine.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** serve --datastore-alias (issue 11): repeatable, comma-separated, from the flag, MESHCHAT_DATASTORE_ALIAS or the file. */
class ServeDatastoreAliasTest {
    @TempDir
    Path dir;

    private ServeCommand parse(Map<String, String> env, String... args) throws ServeSettings.BadSetting {
        CommandLine cl = Main.commandLine(env, args);
        return (ServeCommand) cl.parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void fromTheFlagTheEnvironmentAndTheFile() throws Exception {
        assertEquals(List.of("Memos", "./MyNotes"),
                parse(Map.of(), "serve", "--datastore-alias", "Memos", "--datastore-alias", "./MyNotes").datastoreAliases);
        assertEquals(List.of("Memos", "./MyNotes"),
                parse(Map.of("MESHCHAT_DATASTORE_ALIAS", "Memos, ./MyNotes"), "serve").datastoreAliases);
        Path f = Files.writeString(dir.resolve("meshchat.conf"), "datastore-alias = Memos, ./MyNotes\n");
        assertEquals(List.of("Memos", "./MyNotes"), parse(Map.of(), "serve", "--config", f.toString()).datastoreAliases);
        assertTrue(parse(Map.of(), "serve").datastoreAliases.isEmpty(), "none by default (notes, note, memo always are)");
    }

    @Test
    void theConfigKnowsTheDefaultsAndTheAddedNames() {
        ServerConfig c = ServerConfig.defaults("n").withDatastoreAliases(List.of("Memos", "./MyNotes"));
        for (String uri : List.of("meshchat", "./MeshChat", "notes", "./Notes", "NOTE", "memo?channel=x", "memos", "./mynotes")) {
            assertTrue(c.isMemoDatastore(uri), uri);
        }
        assertFalse(c.isMemoDatastore("meshchat-full"));
        assertFalse(c.isMemoDatastore("./calendar"));
        assertFalse(ServerConfig.defaults("n").isMemoDatastore("memos"), "added names only where configured");
    }
}
