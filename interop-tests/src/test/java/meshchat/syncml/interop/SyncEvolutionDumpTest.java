package meshchat.syncml.interop;

import static meshchat.syncml.interop.SyncEvolutionClient.SLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of a real SyncEvolution session (WBXML) on the jar: the one log line at its
 * end, and the message dumps of {@code serve --dump-dir}: raw WBXML plus decoded copies that
 * parse as XML and show what was said.
 */
class SyncEvolutionDumpTest {
    static final Pattern LINE = Pattern.compile("session \\S+ of device (\\S+): \\S*meshchat\\S* (\\S+) done, (\\d+) received,"
            + " (\\d+) sent; user dl1abc, (\\d+) messages, (\\d+) bytes in, (\\d+) bytes out, (\\d+) ms, result ok");

    @TempDir
    Path tmp;

    @Test
    void aWbxmlSessionIsLoggedInOneLineAndDumpedReadably() throws Exception {
        ToolCheck.requireSyncEvolution();
        Path dumps = tmp.resolve("dumps");
        try (MeshChatServer server = MeshChatServer.create(tmp.resolve("server")).addUser("dl1abc", "correct horse", false)
                .serveArgs("--dump-dir", dumps.toString()).start()) {
            SyncEvolutionClient client = SyncEvolutionClient.create(tmp.resolve("client"),
                    SyncOptions.of(server.syncUrl(), "dl1abc", "correct horse").withWbxml(true));
            client.writeMemo("memo-1", "dumped on the air 73\n");
            SyncResult r = client.sync(SLOW);
            assertTrue(r.succeeded(), () -> r.describe() + "\n" + server.tail());

            String log = Files.readString(tmp.resolve("server").resolve("server.log"), StandardCharsets.UTF_8);
            Matcher line = LINE.matcher(log);
            assertTrue(line.find(), "the session's line in:\n" + server.tail());
            assertEquals("1", line.group(3), "one memo received");
            assertTrue(Long.parseLong(line.group(6)) > 0 && Long.parseLong(line.group(7)) > 0, line.group());

            List<Path> files;
            try (Stream<Path> s = Files.walk(dumps)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            long raw = files.stream().filter(f -> f.toString().endsWith(".wbxml")).count();
            long decoded = files.stream().filter(f -> f.toString().endsWith(".decoded.xml")).count();
            assertTrue(raw >= 4 && raw == decoded, "request and reply, raw and decoded: " + files);
            boolean memoSeen = false;
            for (Path f : files) {
                if (f.toString().endsWith(".decoded.xml")) {
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile()); // well-formed
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    assertTrue(text.contains("<SyncML"), f.toString());
                    memoSeen |= f.getFileName().toString().contains("request") && text.contains("dumped on the air 73");
                }
            }
            assertTrue(memoSeen, "a decoded request carries the memo: " + files);
        }
    }
}
