package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * Regression (issue 7, item 3): messages stored before version 4 with control characters, lone
 * surrogates or CRs (the API and v2 stored them as given) are cleaned by migration 04, keeping
 * their GUIDs. The rows go in through raw JDBC into a version-3 database, bypassing the rule.
 */
class CleanTextMigrationTest {

    @TempDir
    Path dir;

    static final String NUL = "0000000a-100-00000001";
    static final String SURROGATE = "0000000b-100-00000002";
    static final String FIELDS = "0000000c-100-00000003";
    static final String ONLY_CONTROLS = "0000000d-100-00000004";
    static final String LONG = "0000000e-100-00000005";
    static final String CLEAN = "0000000f-100-00000006";
    static final String LONG_TEXT = "x".repeat(40_000) + "\u0000\r\ny";

    @Test
    void version3RowsThatBreakTheRuleAreCleanedAndKeepTheirGuids() throws SQLException {
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString()); // not in the working dir
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + dir.resolve("db") + ";create=true")) {
            Schema.apply(c);
            c.createStatement().execute("DROP INDEX tombstones_text_hash"); // migration 05 runs again
            c.createStatement().execute("ALTER TABLE tombstones DROP COLUMN text_hash");
            c.createStatement().execute("ALTER TABLE accounts DROP COLUMN is_peer"); // migration 06 too
            c.createStatement().execute("ALTER TABLE sync_state DROP COLUMN synced_at");
            c.createStatement().execute("ALTER TABLE devices DROP COLUMN devinf_account"); // migration 08 too
            OldLuidMap.downgrade(c); // migration 11 too
            c.createStatement().execute("DELETE FROM schema_version");
            c.createStatement().execute("INSERT INTO schema_version (version, applied_at) VALUES (3, 0)");
            c.createStatement().execute("CREATE INDEX messages_v2_id ON messages (v2_id)"); // before version 9
            insert(c, NUL, "a\u0000b\u0001c\r\nd", "K1", "n", "", null);
            insert(c, SURROGATE, "x\ud800y\ufffe", "K1", "n", "", null);
            insert(c, FIELDS, "fine", "K1\rEVIL", "no\nde", "ch\u0000\tan", null);
            insert(c, ONLY_CONTROLS, "\u0000\u0007", "K1", "n", "", null);
            insert(c, LONG, LONG_TEXT.substring(0, Store.MAX_TEXT_CHARS), "K1", "n", "", LONG_TEXT);
            insert(c, CLEAN, "tab\tand\nline", "K1", "n", "", null);
            c.commit();
        }
        // a Derby embedded database is closed per JVM only on shutdown; Store opens the same files
        try (Store store = Store.open(dir)) {
            assertEquals("abc\nd", text(store, NUL));
            assertEquals("x\ufffdy\ufffd", text(store, SURROGATE));
            Message f = store.read(tx -> tx.message(new MessageId(FIELDS))).orElseThrow();
            assertEquals("K1 EVIL", f.callSign());
            assertEquals("no de", f.node());
            assertEquals("ch an", f.channel());
            assertEquals("\ufffd", text(store, ONLY_CONTROLS));
            assertEquals("x".repeat(40_000) + "\ny", text(store, LONG));
            assertEquals("tab\tand\nline", text(store, CLEAN));
            assertEquals(6, (long) store.<Long>read(tx -> tx.messageCount()), "no message lost or added");

            // a v2 node still serving the old line parses it into the cleaned message: that GUID
            // is an alias of the kept one, so the bridge does not import it again
            Message reparsed = Message.create("0000000a", 100, "a\u0000b\u0001c\r\nd", "K1", "n", "pi", "");
            assertEquals(Optional.of(new MessageId(NUL)), store.read(tx -> tx.v2AliasTarget(reparsed.id())));
        }
        try (Store again = Store.open(dir)) {
            assertEquals("abc\nd", text(again, NUL), "migrated once, stays clean");
            assertTrue(again.read(tx -> tx.message(new MessageId(CLEAN))).isPresent());
        }
    }

    private static String text(Store store, String guid) {
        return store.read(tx -> tx.message(new MessageId(guid))).orElseThrow().text();
    }

    private static void insert(Connection c, String guid, String text, String callSign, String node, String channel,
                               String longText) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (guid, v2_id, epoch, message_text, call_sign,"
                + " node, platform, channel, seq, origin, message_text_long) VALUES (?, ?, 100, ?, ?, ?, 'pi', ?, 1, 'test', ?)")) {
            ps.setString(1, guid);
            ps.setString(2, guid.substring(0, 8));
            ps.setString(3, text);
            ps.setString(4, callSign);
            ps.setString(5, node);
            ps.setString(6, channel);
            ps.setString(7, longText);
            ps.executeUpdate();
        }
    }
}
