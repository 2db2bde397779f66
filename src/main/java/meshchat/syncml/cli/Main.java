package meshchat.syncml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** meshchat-syncml: the command line. */
@Command(name = "meshchat-syncml", mixinStandardHelpOptions = true, version = "meshchat-syncml 0.1",
        description = "MeshChat SyncML server: SyncML (OMA DS) synchronisation for MeshChat.",
        subcommands = {ServeCommand.class, UserCommand.class, PurgeCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
