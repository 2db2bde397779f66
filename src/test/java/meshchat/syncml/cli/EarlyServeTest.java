package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * serve's connector opened before picocli (EarlyServe): it answers the status page at once, and
 * on a command line that does not serve it is gone again before the error is printed, with the
 * error picocli or the settings give without it. Real Jetty on free loopback ports.
 */
class EarlyServeTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** The port can be bound again: nobody holds it. */
    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void answersTheStatusPageThenFreesItsPorts() throws Exception {
        int port = freePort();
        EarlyServe early = EarlyServe.start(new ServePreRead.Plan(HOST, port, "early-node"));
        int adminPort = early.admin().getLocalPort();
        try {
            assertNull(early.failure());
            String page = CdsTraining.get(HOST, port, "/status.txt", "text/plain", 10_000, () -> false);
            assertNotNull(page, "the early server answers");
            assertTrue(page.startsWith("HTTP/1.1 200"), page);
            assertTrue(page.contains("\nnode: early-node\nstore: starting\n"), page);
            assertTrue(CdsTraining.get(HOST, port, "/", "text/html", 10_000, () -> false).startsWith("HTTP/1.1 200"));
            assertTrue(early.matches(HOST, port, "early-node"));
            assertFalse(early.matches(null, port, "early-node"), "all interfaces is another bind");
            assertFalse(early.matches(HOST, port + 1, "early-node"));
            assertFalse(early.matches(HOST, port, null), "the host name is another node name");
            assertFalse(free(port), "held while early");
        } finally {
            early.release();
        }
        assertTrue(free(port), "released");
        assertTrue(adminPort > 0 && free(adminPort), "the admin connector released too");
        early.release(); // again: nothing
    }

    /** A request waiting for the store when the early server is released gets its 503 then, not a cut connection. */
    @Test
    void aRequestWaitingInTheGateGets503OnRelease() throws Exception {
        int port = freePort();
        EarlyServe early = EarlyServe.start(new ServePreRead.Plan(HOST, port, "early-node"));
        try (java.net.Socket s = new java.net.Socket(HOST, port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("POST /sync HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (early.gate().waiting() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, early.gate().waiting(), "the POST waits for the store");
            early.release();
            String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 503"), reply);
            assertTrue(reply.contains("Retry-After: 5"), reply);
            assertTrue(reply.contains("command line was refused"), reply);
        } finally {
            early.release();
        }
        assertTrue(free(port), "released");
    }

    /**
     * Jetty's start lines of an early server reach the log only once serve adopts it, as they were
     * when logged (the server still starting); a released one leaves no line behind.
     */
    @Test
    void jettyLinesWaitForAdoptionAndVanishOnRelease() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger jetty = context.getLogger("org.eclipse.jetty");
        Level level = jetty.getLevel();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        root.addAppender(seen);
        jetty.setLevel(Level.INFO); // the tests' configuration logs warnings only
        try {
            EarlyServe released = EarlyServe.start(new ServePreRead.Plan(HOST, freePort(), "n"));
            released.release();
            assertEquals(List.of(), jettyLines(seen), "released: no line");
            EarlyServe adopted = EarlyServe.start(new ServePreRead.Plan(HOST, freePort(), "n"));
            try {
                assertEquals(List.of(), jettyLines(seen), "held until adopted");
                adopted.adopt();
                List<String> lines = jettyLines(seen);
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("Started oejs.Server@") && l.contains("{STARTING}")), lines.toString());
                adopted.release(); // adopted: serve's to stop, not this
                assertNull(adopted.failure());
                assertTrue(adopted.server().isStarted());
            } finally {
                adopted.server().stop();
            }
            assertTrue(jettyLines(seen).stream().anyMatch(l -> l.startsWith("Stopped oejs.Server@")), "logged directly again");
        } finally {
            root.detachAppender(seen);
            jetty.setLevel(level);
        }
    }

    private static List<String> jettyLines(ListAppender<ILoggingEvent> seen) {
        synchronized (seen) {
            return seen.list.stream().filter(e -> e.getLoggerName().startsWith("org.eclipse.jetty"))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void aTakenPortIsKeptAsTheFailureForServeToReport() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            EarlyServe early = EarlyServe.start(new ServePreRead.Plan(HOST, taken.getLocalPort(), "n"));
            early.release();
            Throwable t = early.failure();
            assertNotNull(t, "the port is taken");
            while (t != null && !(t instanceof BindException)) {
                t = t.getCause();
            }
            assertNotNull(t, "a BindException in " + early.failure());
        }
    }

    /**
     * Command lines the pre-read takes (so the connector opens early) that serve then refuses:
     * exit 2 with the very error of the path without an early server, the port free again, and
     * nothing made in the data folder.
     */
    @Test
    void aRefusedCommandLineFreesThePortAndPrintsTheSameError() throws Exception {
        int port = freePort();
        Path data = dir.resolve("data");
        Path badFile = Files.writeString(dir.resolve("bad.conf"), "peer = http://a b/sync\n");
        String[] base = {"serve", "--port", Integer.toString(port), "--host", HOST, "--data", data.toString()};
        String[][] extras = {
            {"--max-msg-size", "100"}, // ServeCommand.badValue
            {"--peer", "http://a b/sync"}, // picocli: not a URI
            {"--config", badFile.toString()}, // ServeSettings: the file's value is not a URI
            {"--peer-encoding", "json"},
        };
        for (String[] extra : extras) {
            String[] args = concat(base, extra);
            assertNotNull(ServePreRead.plan(args, Map.of()), "pre-read: " + String.join(" ", extra));
            StringWriter err = new StringWriter();
            int exit = Main.run(Map.of(), args, new PrintWriter(err, true));
            assertEquals(2, exit, String.join(" ", extra));
            assertEquals(withoutEarly(args), err.toString(), String.join(" ", extra));
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(free(port), "port free after " + String.join(" ", extra));
            assertFalse(Files.exists(data), "no store opened");
        }
    }

    /** What the command line printed before the early server: picocli and the settings alone. */
    private static String withoutEarly(String[] args) {
        StringWriter err = new StringWriter();
        try {
            CommandLine cl = Main.commandLine(Map.of(), args);
            cl.setErr(new PrintWriter(err, true));
            assertEquals(2, cl.execute(args));
        } catch (ServeSettings.BadSetting e) {
            return "meshchat-syncml: " + e.getMessage() + System.lineSeparator();
        }
        return err.toString();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
