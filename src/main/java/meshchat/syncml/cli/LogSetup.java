package meshchat.syncml.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The built-in logging setup, in code: what {@code logback.xml} in the jar says, without Logback
 * parsing XML at every start (issue 10: its XML configurator loads some 500 classes). Found by
 * Logback through META-INF/services. An operator's file ({@code -Dlogback.configurationFile=...})
 * or a test classpath's {@code logback-test.xml} is left to Logback's own configurators.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /**
     * The pattern of logback.xml's STDERR appender (LogSetupTest keeps the two equal). A message is
     * one line: clients choose account names, device ids and call signs, and a CR or LF in one made
     * a line of its own that read like the server's.
     */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %replace(%msg){'[\\r\\n]', ' '}%n";

    private final ClassLoader loader;

    /** As Logback makes it (ServiceLoader). */
    public LogSetup() {
        this(LogSetup.class.getClassLoader());
    }

    /** @param loader where to look for a logback-test.xml */
    LogSetup(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("org.eclipse.jetty").setLevel(Level.INFO);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
