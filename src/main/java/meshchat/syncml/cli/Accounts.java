package meshchat.syncml.cli;

import java.util.List;
import java.util.Optional;
import meshchat.syncml.http.HttpDigest;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;

/**
 * What {@code user add|list|remove|passwd} do to a store, the same whether the CLI opened the data
 * folder itself or the running server does it for the CLI (AdminEndpoint). Each returns the line
 * the operator sees; a request that cannot be done throws IllegalArgumentException with that line.
 */
final class Accounts {
    private Accounts() {
    }

    /** Creates the account, or updates it when NAME exists: what is not given (null) stays as it was. */
    static String add(Store store, String name, String password, Boolean admin, Boolean peer, String callSign) {
        return store.write(tx -> {
            Optional<Account> old = tx.account(name);
            Account a = new Account(name, Account.md5Digest(name, password),
                    admin != null ? admin : old.map(Account::admin).orElse(false),
                    callSign != null ? callSign : old.map(Account::callSign).orElse(null),
                    peer != null ? peer : old.map(Account::peer).orElse(false));
            tx.putAccount(a);
            tx.saveHttpDigestHa1(a, HttpDigest.ha1(name, password)); // HTTP Digest for the pages and the API
            return (old.isPresent() ? "updated account " : "created account ") + describe(a);
        });
    }

    /** Sets a new password of an existing account; its flags and call sign stay. */
    static String passwd(Store store, String name, String password) {
        return store.write(tx -> {
            Account old = tx.account(name).orElseThrow(() -> new IllegalArgumentException(
                    "no account " + name + " (create it with: user add " + name + ")"));
            Account a = new Account(name, Account.md5Digest(name, password), old.admin(), old.callSign(), old.peer());
            tx.putAccount(a);
            tx.saveHttpDigestHa1(a, HttpDigest.ha1(name, password));
            return "changed the password of account " + name;
        });
    }

    static String remove(Store store, String name) {
        boolean removed = store.write(tx -> tx.deleteAccount(name));
        if (!removed) {
            throw new IllegalArgumentException("no account " + name);
        }
        return "removed account " + name;
    }

    /** One line per account, by name; "no accounts" when there are none. */
    static String list(Store store) {
        List<Account> all = store.read(tx -> tx.accounts());
        if (all.isEmpty()) {
            return "no accounts";
        }
        StringBuilder b = new StringBuilder();
        for (Account a : all) {
            b.append(b.length() == 0 ? "" : "\n").append(describe(a));
        }
        return b.toString();
    }

    /** "alice (admin), call sign ALICE". */
    static String describe(Account a) {
        return a.name() + (a.admin() ? " (admin)" : "") + (a.peer() ? " (peer node)" : "") + ", call sign " + a.callSign();
    }

    static boolean hasAdmin(Store store) {
        return store.read(tx -> tx.accounts()).stream().anyMatch(Account::admin);
    }
}
