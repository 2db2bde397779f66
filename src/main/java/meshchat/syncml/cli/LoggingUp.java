package meshchat.syncml.cli;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Brings logging up once, whichever thread asks first; the others wait for it (class
 * initialisation). SLF4J hands a thread that asks while another one initialises it a stand-in
 * logger, whose events it replays later with a warning on stderr: serve starts logging on a thread
 * of its own (issue 10: startup) and its main thread must not ask for a logger before it is up.
 */
final class LoggingUp {
    private LoggingUp() {
    }

    /** Returns once logging is up. */
    static void await() {
        Up.FACTORY.getClass();
    }

    private static final class Up {
        static final ILoggerFactory FACTORY = LoggerFactory.getILoggerFactory();
    }
}
