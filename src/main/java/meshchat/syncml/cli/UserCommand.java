package meshchat.syncml.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import meshchat.syncml.store.Store;
import meshchat.syncml.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code user add|list|remove|passwd ... [--data DIR]}, passwords on standard input. When a server
 * runs on the data folder (it holds Derby's lock), the command goes to that server's loopback
 * admin endpoint (found through DATA/admin-endpoint); otherwise it opens the store itself.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        subcommands = {UserCommand.Add.class, UserCommand.List.class, UserCommand.Remove.class, UserCommand.Passwd.class},
        description = {"Manage the accounts of the JSON API and of SyncML.",
            "Works while the server runs on the same data folder (through its loopback admin endpoint) and while it is stopped."})
public final class UserCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** {@code user} alone: show what it can do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** --data, shared by every user subcommand. */
    static final class DataFolder {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
                description = "data folder (default: ${DEFAULT-VALUE}); the same as the server's --data")
        Path data;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Create an account, or update it when NAME exists.",
                "The password is the first line of standard input, e.g.: echo 'secret' | ... user add alice"})
    public static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DataFolder folder;

        @Parameters(index = "0", paramLabel = "NAME", description = "login name (no ':')")
        String name;

        @Option(names = "--admin", negatable = true,
                description = "may purge messages zone-wide (--no-admin to revoke; kept on update when not given)")
        Boolean admin;

        @Option(names = "--peer", negatable = true,
                description = "an account for another node of the zone: its messages keep their authors' call signs and"
                        + " its Deletes purge zone-wide (--no-peer to revoke; kept on update when not given)")
        Boolean peer;

        @Option(names = "--call-sign", paramLabel = "CS",
                description = "call sign for messages posted without one (default: kept on update, else NAME upper-cased)")
        String callSign;

        @Override
        public Integer call() {
            String password = password(spec, "user add " + name);
            if (password == null) {
                return 1;
            }
            return UserCommand.run(spec, folder.data, c -> c.add(name, password, admin, peer, callSign),
                    store -> Accounts.add(store, name, password, admin, peer, callSign));
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = {"Set a new password of an existing account; its flags and call sign stay.",
                "The password is the first line of standard input, e.g.: echo 'new secret' | ... user passwd alice"})
    public static final class Passwd implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DataFolder folder;

        @Parameters(index = "0", paramLabel = "NAME", description = "login name")
        String name;

        @Override
        public Integer call() {
            String password = password(spec, "user passwd " + name);
            if (password == null) {
                return 1;
            }
            return UserCommand.run(spec, folder.data, c -> c.passwd(name, password), store -> Accounts.passwd(store, name, password));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an account, with its devices' sync anchors and hidden messages (its messages stay).")
    public static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DataFolder folder;

        @Parameters(index = "0", paramLabel = "NAME", description = "login name")
        String name;

        @Override
        public Integer call() {
            return UserCommand.run(spec, folder.data, c -> c.remove(name), store -> Accounts.remove(store, name));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts, one per line.")
    public static final class List implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DataFolder folder;

        @Override
        public Integer call() {
            return UserCommand.run(spec, folder.data, AdminClient::list, Accounts::list);
        }
    }

    /**
     * Asks the running server when one answers on this data folder, else does it on the store:
     * prints the resulting line on out (exit 0) or the refusal on err (exit 1).
     */
    static int run(CommandSpec spec, Path data, Function<AdminClient, Optional<AdminClient.Answer>> online,
                   Function<Store, String> offline) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<AdminClient.Answer> answer = AdminClient.find(data).flatMap(online);
        if (answer.isPresent()) {
            int status = answer.get().status();
            if (status == 200) {
                out.println(answer.get().text());
                return 0;
            }
            if (status != 401 && status != 404) { // those: not our server at that port (a stale file)
                err.println(answer.get().text());
                return 1;
            }
        }
        try (Store store = Store.open(data)) {
            out.println(offline.apply(store));
            return 0;
        } catch (StoreException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The first line of standard input; null (after a one-line hint on err) when there is none. */
    static String password(CommandSpec spec, String command) {
        PrintWriter err = spec.commandLine().getErr();
        String password;
        try {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            err.println("cannot read the password from standard input: " + e.getMessage());
            return null;
        }
        if (password == null || password.isEmpty()) {
            err.println("no password given: write it as the first line of standard input, e.g. echo 'secret' | ... " + command);
            return null;
        }
        return password;
    }
}
