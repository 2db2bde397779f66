package meshchat.syncml.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** meshchat-syncml: the command line. */
@Command(name = "meshchat-syncml", mixinStandardHelpOptions = true, version = "meshchat-syncml 0.1",
        description = "MeshChat SyncML server: SyncML (OMA DS) synchronisation for MeshChat.")
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) {
            // Logging comes up on a thread of its own while the command line is pre-read; the
            // main thread waits for it before Jetty asks for loggers (LoggingUp). Then Jetty's
            // request classes, on the same thread, while the main thread starts the connector.
            Thread t = new Thread(() -> {
                LoggingUp.await();
                meshchat.syncml.http.HttpServer.warmUp();
            }, "logging-setup");
            t.setDaemon(true);
            t.start();
        }
        System.exit(run(System.getenv(), args, new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with this environment; bad settings and bad arguments cost one line on err.
     * A plainly well-formed {@code serve} starts its HTTP connector before picocli reads the command
     * line (issue 10: startup; {@link EarlyServe}); it is released again on every way out that
     * does not serve, before the error is printed.
     */
    static int run(Map<String, String> env, String[] args, PrintWriter err) {
        ServePreRead.Plan plan = ServePreRead.plan(args, env);
        EarlyServe early = plan == null ? null : EarlyServe.start(plan);
        try {
            return run(env, args, err, early);
        } finally {
            if (early != null) {
                early.release();
            }
        }
    }

    private static int run(Map<String, String> env, String[] args, PrintWriter err, EarlyServe early) {
        CommandLine cl;
        try {
            cl = commandLine(env, args, early);
        } catch (ServeSettings.BadSetting e) {
            if (early != null) {
                early.release();
            }
            err.println("meshchat-syncml: " + e.getMessage());
            return 2;
        }
        cl.setErr(err);
        return cl.execute(args);
    }

    /**
     * The command line, with serve's settings from the environment and the config file (found in
     * args or MESHCHAT_CONFIG) as defaults; a usage error prints one line, not the whole help.
     */
    static CommandLine commandLine(Map<String, String> env, String[] args) throws ServeSettings.BadSetting {
        return commandLine(env, args, null);
    }

    /** The same, with serve's early server (null: none), which a usage error releases before it is printed. */
    static CommandLine commandLine(Map<String, String> env, String[] args, EarlyServe early) throws ServeSettings.BadSetting {
        // The subcommands (serve, user, purge), added here rather than in @Command: serve builds
        // only its own model (issue 10: picocli reflects over every option of every command it
        // is given, on the main thread, before the server can answer).
        boolean serving = args.length > 0 && args[0].equals("serve");
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new ServeCommand(early));
        if (!serving) {
            cl.addSubcommand(new UserCommand());
            cl.addSubcommand(new PurgeCommand());
        }
        cl.setParameterExceptionHandler((e, a) -> {
            if (early != null) {
                early.release();
            }
            e.getCommandLine().getErr().println("meshchat-syncml: " + e.getMessage()
                    + " (see: meshchat-syncml " + commandName(e.getCommandLine()) + "--help)");
            return 2;
        });
        if (serving) {
            CommandLine serve = cl.getSubcommands().get("serve");
            serve.setDefaultValueProvider(ServeSettings.load(env, ServeSettings.configFile(args, env), serve.getCommandSpec()));
        }
        return cl;
    }

    private static String commandName(CommandLine c) {
        String path = c.getCommandSpec().qualifiedName(" ");
        int space = path.indexOf(' ');
        return space < 0 ? "" : path.substring(space + 1) + " ";
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
