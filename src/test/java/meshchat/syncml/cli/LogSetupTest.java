package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The logging set up in code is the one logback.xml in the jar documents. */
class LogSetupTest {
    @Test
    void patternIsTheOneOfLogbackXml() throws Exception {
        String xml;
        try (InputStream in = LogSetup.class.getResourceAsStream("/logback.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String pattern = xml.substring(xml.indexOf("<pattern>") + 9, xml.indexOf("</pattern>"));
        assertEquals(pattern, LogSetup.PATTERN);
        assertTrue(xml.contains("<logger name=\"org.eclipse.jetty\" level=\"INFO\"/>"));
        assertTrue(xml.contains("<root level=\"INFO\">"));
    }

    @Test
    void logbackFindsItAndItConfiguresStderrAtInfo() {
        boolean listed = ServiceLoader.load(Configurator.class).stream().anyMatch(p -> p.type() == LogSetup.class);
        assertTrue(listed, "META-INF/services lists LogSetup");
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        // the test classpath has logback-test.xml: LogSetup leaves it to Logback's own configurators
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context));
        String saved = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/nonexistent.xml");
        try {
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context));
        } finally {
            if (saved == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", saved);
            }
        }
        assertEquals(null, context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
    }

    @Test
    void withoutAnOperatorFileItSetsUpStderr() throws Exception {
        LoggerContext context = new LoggerContext();
        // a class loader that hides logback-test.xml, as the jar's runtime does
        ClassLoader hiding = new ClassLoader(LogSetup.class.getClassLoader()) {
            @Override
            public java.net.URL getResource(String name) {
                return name.equals("logback-test.xml") ? null : super.getResource(name);
            }
        };
        LogSetup setup = new LogSetup(hiding);
        setup.setContext(context);
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, setup.configure(context));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        assertTrue(root.getAppender("STDERR") instanceof ConsoleAppender<?> c && c.getTarget().equals("System.err"));
        assertEquals(Level.INFO, context.getLogger("org.eclipse.jetty").getLevel());
    }

    @Test
    void aMessageIsOneLineWhateverAClientNamed() {
        LoggerContext context = new LoggerContext();
        ch.qos.logback.classic.PatternLayout layout = new ch.qos.logback.classic.PatternLayout();
        layout.setContext(context);
        layout.setPattern(LogSetup.PATTERN);
        layout.start();
        ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent("x",
                context.getLogger("meshchat.syncml.http.BasicAuth"), Level.WARN, "API login failed: account {} from {}",
                null, new Object[] {"bob\n2026-11-28T01:27:00.000Z INFO  [http-9] meshchat.syncml.http.ApiHandler - purge ok\r", "10.0.0.1"});
        String line = layout.doLayout(event);
        assertEquals(1, line.split("\n", -1).length - 1, line);
        assertTrue(line.endsWith("account bob 2026-11-28T01:27:00.000Z INFO  [http-9] meshchat.syncml.http.ApiHandler - purge ok  from 10.0.0.1"
                + System.lineSeparator()), line);
    }
}
