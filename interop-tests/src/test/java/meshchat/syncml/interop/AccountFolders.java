package meshchat.syncml.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Data folders that hold only accounts, each made once per JVM by the jar's own {@code user add}
 * and then copied into every test's fresh data folder that asks for the same accounts in the same
 * order. A {@code user add} costs a JVM start, a Derby boot (the database's creation, the first
 * time) and a password hash, 2 to 8 s; a copy costs milliseconds. The command closes the store
 * before it exits, so the folder is a cleanly stopped Derby database, which Derby opens wherever
 * it lies. The folder for accounts [a, b] is the copy of the one for [a] plus {@code user add b}.
 * The folders live in one temporary directory, removed when the JVM exits.
 */
final class AccountFolders {

    /** One {@code user add NAME OPTIONS...} with its password (on stdin). */
    record Account(String name, String password, List<String> options) {
        Account {
            options = List.copyOf(options);
        }
    }

    /** Runs {@code user add} of the jar for one account on a data folder (stopped), failing the test if it fails. */
    interface UserAdd {
        void run(Path dataDir, Account account);
    }

    private record Key(Path jar, List<Account> accounts) {
    }

    private static final Map<Key, Path> MADE = new HashMap<>();
    private static Path root;
    private static int folders;

    private AccountFolders() {
    }

    /**
     * Makes {@code target} a copy of the folder that the jar's {@code user add} of {@code accounts},
     * in that order, makes on an empty folder; the first request for a list makes it with
     * {@code userAdd} (one run per account not made yet). {@code target} is a folder that holds
     * nothing or what an earlier call put there (it is emptied first).
     */
    static synchronized void copyTo(Path jar, List<Account> accounts, Path target, UserAdd userAdd) {
        Path from = made(new Key(jar, List.copyOf(accounts)), userAdd);
        Folders.delete(target, false);
        Folders.copy(from, target);
    }

    private static Path made(Key key, UserAdd userAdd) {
        Path folder = MADE.get(key);
        if (folder != null) {
            return folder;
        }
        List<Account> accounts = key.accounts();
        try {
            folder = Files.createDirectories(root().resolve(++folders + "/data"));
        } catch (IOException e) {
            throw new AssertionError("cannot create a folder under " + root + ": " + e, e);
        }
        if (accounts.size() > 1) {
            Folders.copy(made(new Key(key.jar(), accounts.subList(0, accounts.size() - 1)), userAdd), folder);
        }
        userAdd.run(folder, accounts.get(accounts.size() - 1));
        MADE.put(key, folder);
        return folder;
    }

    private static Path root() throws IOException {
        if (root == null) {
            Path dir = Files.createTempDirectory("meshchat-account-folders-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Folders.delete(dir, true);
                } catch (AssertionError e) {
                    // a temporary folder: left for the OS
                }
            }, "delete account folders"));
            root = dir;
        }
        return root;
    }
}
