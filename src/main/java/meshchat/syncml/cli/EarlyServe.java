package meshchat.syncml.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import meshchat.syncml.http.HttpServer;
import meshchat.syncml.http.StartupGate;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.LoggerFactory;

/**
 * serve's HTTP connector, started before picocli reads the command line (issue 10: the first
 * answer to {@code GET /} within half a second; picocli's classes cannot be archived by CDS and
 * are the largest cost before it). From a {@link ServePreRead.Plan}: the same server serve
 * would make (its connector, the admin connector, a {@link StartupGate}). serve adopts it when
 * what picocli read agrees with the plan; on any other way out (a bad setting, a usage error, a
 * disagreement) it is released, before the error is printed, and the port is free again.
 * <p>
 * Jetty's start-up log lines are held back until serve adopts the server (then logged as they
 * were, with their own times); a released server logs nothing, so a bad command line prints
 * exactly what it printed before. A start that failed (the port is taken) is kept as it failed
 * and serve reports it as it always has, once picocli has read the command line.
 */
final class EarlyServe {
    private final ServePreRead.Plan plan;
    private final String nodeName;
    private final Server server;
    private final ServerConnector admin;
    private final StartupGate gate;
    private final Exception failure;
    private final HeldLog held;
    private boolean adopted;
    private boolean released;

    private EarlyServe(ServePreRead.Plan plan, String nodeName, Server server, ServerConnector admin, StartupGate gate,
                       Exception failure, HeldLog held) {
        this.plan = plan;
        this.nodeName = nodeName;
        this.server = server;
        this.admin = admin;
        this.gate = gate;
        this.failure = failure;
        this.held = held;
    }

    /** Starts the server of {@code plan} (logging comes up first: Jetty asks for its loggers). */
    static EarlyServe start(ServePreRead.Plan plan) {
        // while logging comes up on its own thread: the host name, and the JDK's list of locales
        // (Jetty's MimeTypes asks for it when the server is made: a few ms of CPU)
        String nodeName = plan.node() != null ? plan.node() : ServeCommand.hostName();
        Locale.getAvailableLocales();
        LoggingUp.await();
        HeldLog held = HeldLog.hold();
        Server server = HttpServer.server(plan.host(), plan.port());
        ServerConnector admin = AdminEndpoint.connector(server);
        StartupGate gate = new StartupGate(nodeName, ServeCommand.STARTUP_WAIT);
        server.setHandler(gate);
        Exception failure = null;
        try {
            server.start();
        } catch (Exception e) {
            failure = e;
        }
        return new EarlyServe(plan, nodeName, server, admin, gate, failure, held);
    }

    /** True when serve, having read these settings, would make this very server. */
    boolean matches(String host, int port, String node) {
        return Objects.equals(host, plan.host()) && port == plan.port() && Objects.equals(node, plan.node());
    }

    /** serve takes the server over: from now on it is serve's to stop. Jetty's held lines are logged. */
    synchronized void adopt() {
        adopted = true;
        if (held != null) {
            held.replay();
        }
    }

    /** Stops the server unless serve adopted it; the port is free on return. Idempotent. */
    synchronized void release() {
        if (adopted || released) {
            return;
        }
        released = true;
        // a request waiting in the gate gets its 503 (Retry-After) now rather than being cut off
        // after Jetty's graceful stop timeout: the refused command line's error is not held up by it
        gate.failed("its command line was refused");
        server.setStopTimeout(100);
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping anyway; serve reports its own error
        }
        if (held != null) {
            held.drop();
        }
    }

    String nodeName() {
        return nodeName;
    }

    Server server() {
        return server;
    }

    ServerConnector admin() {
        return admin;
    }

    StartupGate gate() {
        return gate;
    }

    /** Why the server did not start (the port is taken), or null when it did. */
    Exception failure() {
        return failure;
    }

    /**
     * Jetty's log lines while the server is early: kept from the appenders until adopt or release.
     * Only with Logback (the jar's backend); with another SLF4J backend nothing is held.
     */
    private static final class HeldLog {
        private static final AtomicBoolean HOLDING = new AtomicBoolean();
        private final Logger jetty;
        private final Held list;
        private final boolean additive;

        private HeldLog(Logger jetty, Held list, boolean additive) {
            this.jetty = jetty;
            this.list = list;
            this.additive = additive;
        }

        static HeldLog hold() {
            if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
                return null;
            }
            Logger jetty = context.getLogger("org.eclipse.jetty");
            if (jetty.iteratorForAppenders().hasNext()) {
                return null; // an operator's configuration gives Jetty appenders of its own: not ours to reroute
            }
            if (!HOLDING.compareAndSet(false, true)) {
                return null; // another early server holds them (tests): its release restores the logger
            }
            Held list = new Held();
            list.setContext(context);
            list.setName("early-serve");
            list.start();
            boolean additive = jetty.isAdditive();
            jetty.addAppender(list);
            jetty.setAdditive(false);
            return new HeldLog(jetty, list, additive);
        }

        void replay() {
            List<ILoggingEvent> events = release();
            for (ILoggingEvent e : events) {
                // from org.eclipse.jetty up: an appender of a Jetty sub-logger had the event already
                jetty.callAppenders(e);
            }
        }

        void drop() {
            release();
        }

        private List<ILoggingEvent> release() {
            jetty.detachAppender(list);
            jetty.setAdditive(additive);
            list.stop();
            HOLDING.set(false);
            synchronized (list) {
                return List.copyOf(list.events);
            }
        }
    }

    /** Keeps events as they are now: their message is formatted when logged, not when replayed. */
    private static final class Held extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent e) { // AppenderBase.doAppend holds this object's lock
            e.prepareForDeferredProcessing();
            events.add(e);
        }
    }
}
