package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.SyncServer;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of a session: SyncServer's one line at its end (through Logback), and the
 * message dumps of {@code serve --dump-dir} (assembled as ServeCommand does: DumpHandler around the server).
 */
class SessionLogAndDumpTest {
    static final Pattern LINE = Pattern.compile("session (\\S+) of device (\\S+): (\\S+) (\\S+) done, (\\d+) received,"
            + " (\\d+) sent; user (\\S+), (\\d+) messages, (\\d+) bytes in, (\\d+) bytes out, (\\d+) ms, result ok");

    @TempDir
    Path tmp;
    Store store;
    Server server;
    String url;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger engineLog = (Logger) LoggerFactory.getLogger(SyncServer.class);

    @BeforeEach
    void start() throws Exception {
        engineLog.setLevel(Level.INFO);
        log.start();
        engineLog.addAppender(log);
        engineLog.setAdditive(false); // the test reads the lines; the console stays quiet
        store = Store.open(tmp.resolve("data"));
        store.write(tx -> {
            tx.putAccount(new Account("alice", Account.md5Digest("alice", "secret"), false, "N0CALL"));
            return null;
        });
        SyncServer engine = new SyncServer(store, new ServerConfig("node-t", "meshchat", "", 1_000_000, 4_000_000,
                Duration.ofMinutes(5)), Clock.systemUTC());
        server = HttpServer.assemble("127.0.0.1", 0, "/sync", store, engine, "node-t", 2_000_000, Clock.systemUTC());
        server.setHandler(new DumpHandler(tmp.resolve("dumps"), "/sync", 2_000_000, Clock.systemUTC(), server.getHandler()));
        server.start();
        url = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/sync";
    }

    @AfterEach
    void stop() throws Exception {
        engineLog.detachAppender(log);
        engineLog.setLevel(null);
        engineLog.setAdditive(true);
        server.stop();
        store.close();
    }

    @Test
    void aWbxmlSessionGivesOneLineAndAFolderOfDumps() throws Exception {
        TestSyncClient client = new TestSyncClient(url, "dev/../../evil", "alice", "secret");
        client.encoding = Encoding.WBXML;
        Message m = Message.create("d0d0cafe", 1_764_000_100L, "hello <dump> & co", "N0CALL", "node-x", "pi", "");
        FullSession.Outcome o = new FullSession(client, FullSession.DB).run(201, FullSession.add(3, m));
        assertEquals("201", o.statusOf(m.id().value()));

        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(l -> l.contains(" done, ")).toList();
        assertEquals(1, lines.size(), "one line per datastore of the session: " + lines);
        Matcher line = LINE.matcher(lines.get(0));
        assertTrue(line.matches(), lines.get(0));
        assertEquals("dev/../../evil", line.group(2));
        assertEquals("1", line.group(5), "items received");
        assertEquals("alice", line.group(7));
        int messages = Integer.parseInt(line.group(8));
        assertTrue(messages >= 3, lines.get(0));
        assertTrue(Long.parseLong(line.group(9)) > 100 && Long.parseLong(line.group(10)) > 100, lines.get(0));

        List<Path> folders;
        try (Stream<Path> s = Files.list(tmp.resolve("dumps"))) {
            folders = s.filter(p -> p.getFileName().toString().endsWith("_" + line.group(1))).toList();
        }
        assertEquals(1, folders.size(), "one folder for the session: " + folders);
        String folder = folders.get(0).getFileName().toString();
        assertTrue(folder.matches("\\d{8}T\\d{6}Z_dev_.._.._evil_\\d+"), "named by time, device (made safe), SessionID: " + folder);
        List<String> files;
        try (Stream<Path> s = Files.list(folders.get(0))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(4 * messages, files.size(), "request and reply, raw and decoded, per message: " + files);
        for (int i = 1; i <= messages; i++) {
            for (String part : List.of("request", "reply")) {
                String prefix = String.format("%03d-m%d-%s", i, i, part);
                assertTrue(files.contains(prefix + ".wbxml") && files.contains(prefix + ".decoded.xml"), prefix + " in " + files);
            }
        }
        String first = Files.readString(folders.get(0).resolve("001-m1-request.decoded.xml"), StandardCharsets.UTF_8);
        assertTrue(first.contains("<LocURI>dev/../../evil</LocURI>") && first.contains("<MsgID>1</MsgID>"), first);
        String second = Files.readString(folders.get(0).resolve("002-m2-request.decoded.xml"), StandardCharsets.UTF_8);
        assertTrue(second.contains("hello &lt;dump&gt; &amp; co"), "the Add's text, escaped: " + second);
        assertTrue(Files.size(folders.get(0).resolve("001-m1-request.wbxml")) > 0);
    }

    @Test
    void anXmlSessionIsDumpedAsIsAndOtherPathsAreNot() throws Exception {
        TestSyncClient client = new TestSyncClient(url, "xml-dev", "alice", "secret");
        new FullSession(client, FullSession.DB).run(201);
        new FullSession(client, FullSession.DB).run(201);
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url.replace("/sync", "/"))).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        List<Path> folders;
        try (Stream<Path> s = Files.list(tmp.resolve("dumps"))) {
            folders = s.sorted().toList();
        }
        // the first message 1 is answered with a challenge (no nonce yet): the client starts over with a new SessionID
        assertEquals(List.of("xml-dev_101", "xml-dev_102", "xml-dev_103"),
                folders.stream().map(f -> f.getFileName().toString().substring(17)).toList(), "a folder per session");
        for (Path f : folders) {
            try (Stream<Path> s = Files.list(f)) {
                List<String> names = s.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().allMatch(n -> n.matches("\\d{3}-m\\d+-(request|reply)\\.xml")), names.toString());
            }
            String reply = Files.readString(f.resolve("001-m1-reply.xml"), StandardCharsets.UTF_8);
            assertTrue(reply.contains("<SyncML") && reply.contains("xml-dev"), reply);
        }
    }
}
