package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;

class UserCommandTest {

    @TempDir
    Path dir;

    Optional<Account> account(String name) {
        try (Store store = Store.open(dir)) {
            return store.read(tx -> tx.account(name));
        }
    }

    CliRun user(String stdin, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = dir.toString();
        return CliRun.run(new UserCommand(), stdin, all);
    }

    @Test
    void addCreatesAnAccountWithThePasswordFromStdin() {
        CliRun r = user("secret\nignored second line\n", "add", "alice", "--admin");
        assertEquals(0, r.exit(), r.err());
        assertEquals("created account alice (admin), call sign ALICE\n", r.out());
        Account a = account("alice").orElseThrow();
        assertTrue(a.admin());
        assertEquals("b2IgWJaLuQdX5sbteeXfgQ==", a.md5Digest());
    }

    @Test
    void addAgainUpdatesPasswordAndKeepsWhatIsNotGiven() {
        assertEquals(0, user("one\n", "add", "bob", "--admin", "--call-sign", "KB1OB").exit());
        CliRun r = user("two\r\n", "add", "bob");
        assertEquals(0, r.exit(), r.err());
        assertEquals("updated account bob (admin), call sign KB1OB\n", r.out());
        Account b = account("bob").orElseThrow();
        assertTrue(b.checkPassword("two"));
        assertEquals(0, user("two\n", "add", "bob", "--no-admin").exit());
        assertFalse(account("bob").orElseThrow().admin());
    }

    @Test
    void peerAccountMayPurgeAndKeepsItsFlagOnUpdate() {
        CliRun r = user("secret\n", "add", "node2", "--peer");
        assertEquals(0, r.exit(), r.err());
        assertEquals("created account node2 (peer node), call sign NODE2\n", r.out());
        Account a = account("node2").orElseThrow();
        assertTrue(a.peer() && a.mayPurge() && !a.admin());
        assertEquals(0, user("other\n", "add", "node2").exit());
        assertTrue(account("node2").orElseThrow().peer(), "not given on update: kept");
        assertEquals(0, user("other\n", "add", "node2", "--no-peer").exit());
        assertFalse(account("node2").orElseThrow().mayPurge());
    }

    @Test
    void emptyPasswordIsRefused() {
        for (String stdin : new String[] {"", "\n"}) {
            CliRun r = user(stdin, "add", "carol");
            assertEquals(1, r.exit());
            assertTrue(r.err().startsWith("no password given: write it as the first line of standard input"), r.err());
        }
        assertEquals(Optional.empty(), account("carol"));
    }

    @Test
    void badNameAndBadDataFolderAreOneLineErrors() throws Exception {
        CliRun colon = user("pw\n", "add", "a:b");
        assertEquals(1, colon.exit());
        assertTrue(colon.err().startsWith("account name must be"), colon.err());
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun r = CliRun.run(new UserCommand(), "pw\n", "add", "dave", "--data", file.resolve("sub").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("is not writable") && r.err().strip().lines().count() == 1, r.err());
    }

    @Test
    void listPasswdRemoveOnTheStoppedServersFolder() {
        assertEquals("no accounts\n", user("", "list").out());
        assertEquals(0, user("one\n", "add", "erin", "--admin").exit());
        assertEquals(0, user("two\n", "add", "frank").exit());
        assertEquals("erin (admin), call sign ERIN\nfrank, call sign FRANK\n", user("", "list").out());
        CliRun r = user("three\n", "passwd", "frank");
        assertEquals(0, r.exit(), r.err());
        assertTrue(account("frank").orElseThrow().checkPassword("three"));
        assertEquals(1, user("", "passwd", "frank").exit(), "no password on stdin");
        r = user("", "remove", "erin");
        assertEquals("removed account erin\n", r.out());
        assertEquals(Optional.empty(), account("erin"));
        r = user("", "remove", "erin");
        assertEquals(1, r.exit());
        assertEquals("no account erin\n", r.err());
    }

    @Test
    void userAloneShowsUsage() {
        CliRun r = CliRun.run(new UserCommand(), "");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("add"), r.err());
    }
}
