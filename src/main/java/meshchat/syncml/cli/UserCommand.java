package meshchat.syncml.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import meshchat.syncml.http.HttpDigest;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code user add NAME [--admin] [--peer] [--call-sign CS] [--data DIR]}, the password on standard input. */
@Command(name = "user", mixinStandardHelpOptions = true, subcommands = UserCommand.Add.class,
        description = "Manage the accounts of the JSON API and of SyncML.")
public final class UserCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** {@code user} alone: show what it can do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Create an account, or update it when NAME exists.",
                "The password is the first line of standard input, e.g.: echo 'secret' | ... user add alice"})
    public static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

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

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
                description = "data folder (default: ${DEFAULT-VALUE})")
        Path data;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String password;
            try {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                err.println("cannot read the password from standard input: " + e.getMessage());
                return 1;
            }
            if (password == null || password.isEmpty()) {
                err.println("no password given: write it as the first line of standard input,"
                        + " e.g. echo 'secret' | ... user add " + name);
                return 1;
            }
            try (Store store = Store.open(data)) {
                Optional<Account> old = store.read(tx -> tx.account(name));
                // what is not given on an update stays as it was
                Account a = new Account(name, Account.md5Digest(name, password),
                        admin != null ? admin : old.map(Account::admin).orElse(false),
                        callSign != null ? callSign : old.map(Account::callSign).orElse(null),
                        peer != null ? peer : old.map(Account::peer).orElse(false));
                store.write(tx -> {
                    tx.putAccount(a);
                    tx.saveHttpDigestHa1(a, HttpDigest.ha1(name, password)); // issue 9: HTTP Digest for pages and API
                    return null;
                });
                spec.commandLine().getOut().println((old.isPresent() ? "updated" : "created") + " account " + name
                        + (a.admin() ? " (admin)" : "") + (a.peer() ? " (peer node)" : "") + ", call sign " + a.callSign());
                return 0;
            } catch (StoreException | IllegalArgumentException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
    }
}
