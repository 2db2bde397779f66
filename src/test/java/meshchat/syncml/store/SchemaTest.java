package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema and migration runner, on a raw Derby connection. */
class SchemaTest {

    static final String TEST_MIGRATIONS = "/meshchat/syncml/store/sql/test-migrations/";
    /** The version a shipped database reaches: the last migration's number. */
    static final int LATEST = Integer.parseInt(Schema.MIGRATIONS.get(Schema.MIGRATIONS.size() - 1).substring(0, 2));

    @TempDir
    Path dir;

    @Test
    void scriptsSplitOnSemicolonsWithoutComments() {
        assertEquals(List.of("CREATE TABLE t (\n    a INT \n)", "CREATE INDEX i ON t (a)"),
                Schema.statements("-- header; with a semicolon\nCREATE TABLE t (\n    a INT -- why; \n);\n"
                        + "CREATE INDEX i ON t (a);\n"));
    }

    @Test
    void everyShippedSqlFileIsListed() throws URISyntaxException, java.io.IOException {
        assertEquals(Schema.SCHEMA, names("schema"));
        assertEquals(Schema.MIGRATIONS, names("migrations"));
    }

    private static List<String> names(String sub) throws URISyntaxException, java.io.IOException {
        Path folder = Path.of(SchemaTest.class.getResource(Schema.BASE + sub).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    @Test
    void version1DatabaseGetsTheLongTextAndPreviousAnchorColumns() throws SQLException {
        try (Connection c = connect()) {
            Schema.apply(c);
            // make it look like a version-1 database
            c.createStatement().execute("ALTER TABLE messages DROP COLUMN message_text_long");
            c.createStatement().execute("DROP INDEX tombstones_text_hash");
            c.createStatement().execute("ALTER TABLE tombstones DROP COLUMN text_hash");
            for (String col : List.of("prev_client_anchor", "prev_server_anchor", "prev_seen_seq")) {
                c.createStatement().execute("ALTER TABLE sync_state DROP COLUMN " + col);
            }
            c.createStatement().execute("ALTER TABLE accounts DROP COLUMN is_peer");
            c.createStatement().execute("ALTER TABLE sync_state DROP COLUMN synced_at");
            c.createStatement().execute("ALTER TABLE devices DROP COLUMN devinf_account"); // version 8
            OldLuidMap.downgrade(c); // before version 11
            c.createStatement().execute("DELETE FROM schema_version");
            c.createStatement().execute("INSERT INTO schema_version (version, applied_at) VALUES (1, 0)");
            c.createStatement().execute("CREATE INDEX messages_v2_id ON messages (v2_id)"); // before version 9
            assertEquals(LATEST, Schema.apply(c));
            c.createStatement().executeQuery("SELECT message_text_long FROM messages").close();
            c.createStatement().executeQuery("SELECT prev_client_anchor, prev_server_anchor, prev_seen_seq FROM sync_state").close();
            c.createStatement().executeQuery("SELECT devinf_account FROM devices").close(); // version 8
        }
    }

    @Test
    void version5DatabaseGetsPeerAccountsAndPeerLinksAndItsAccountsStayNonPeers() throws SQLException {
        try (Connection c = connect()) {
            Schema.apply(c);
            c.createStatement().execute("ALTER TABLE accounts DROP COLUMN is_peer");
            c.createStatement().execute("ALTER TABLE sync_state DROP COLUMN synced_at");
            c.createStatement().execute("DROP TABLE peer_links");
            c.createStatement().execute("INSERT INTO accounts (name, md5_digest, is_admin, call_sign)"
                    + " VALUES ('root', 'x', 1, 'ROOT')");
            c.createStatement().execute("ALTER TABLE devices DROP COLUMN devinf_account"); // version 8
            OldLuidMap.downgrade(c); // before version 11
            c.createStatement().execute("DELETE FROM schema_version");
            c.createStatement().execute("INSERT INTO schema_version (version, applied_at) VALUES (5, 0)");
            c.createStatement().execute("CREATE INDEX messages_v2_id ON messages (v2_id)"); // before version 9

            assertEquals(LATEST, Schema.apply(c));

            try (var rs = c.createStatement().executeQuery("SELECT name, is_peer FROM accounts")) {
                assertTrue(rs.next());
                assertEquals("root", rs.getString(1));
                assertEquals(0, rs.getInt(2), "an existing account is not a peer node");
            }
            c.createStatement().executeQuery("SELECT peer, url, next_nonce FROM peer_links").close();
            c.createStatement().executeQuery("SELECT synced_at FROM sync_state").close();
        }
    }

    @Test
    void version3DatabaseGetsTombstoneTextHashesAndItsOldTombstonesStayWithout() throws SQLException {
        try (Connection c = connect()) {
            Schema.apply(c);
            // make it look like a version-3 database holding one tombstone
            c.createStatement().execute("DROP INDEX tombstones_text_hash");
            c.createStatement().execute("ALTER TABLE tombstones DROP COLUMN text_hash");
            c.createStatement().execute("INSERT INTO tombstones (guid, v2_id, purged_at, purged_by, seq)"
                    + " VALUES ('0000000a-100-12345678', '0000000a', 0, 'root', 1)");
            c.createStatement().execute("ALTER TABLE accounts DROP COLUMN is_peer");
            c.createStatement().execute("ALTER TABLE sync_state DROP COLUMN synced_at");
            c.createStatement().execute("ALTER TABLE devices DROP COLUMN devinf_account"); // version 8
            OldLuidMap.downgrade(c); // before version 11
            c.createStatement().execute("DELETE FROM schema_version");
            c.createStatement().execute("INSERT INTO schema_version (version, applied_at) VALUES (3, 0)");
            c.createStatement().execute("CREATE INDEX messages_v2_id ON messages (v2_id)"); // before version 9

            assertEquals(LATEST, Schema.apply(c));

            try (var rs = c.createStatement().executeQuery("SELECT guid, text_hash FROM tombstones")) {
                assertTrue(rs.next());
                assertEquals("0000000a-100-12345678", rs.getString(1));
                assertEquals(null, rs.getString(2), "the purged text is gone: nothing to hash");
                assertFalse(rs.next());
            }
            try (var rs = c.getMetaData().getIndexInfo(null, null, "TOMBSTONES", false, false)) {
                boolean indexed = false;
                while (rs.next()) {
                    indexed |= "TOMBSTONES_TEXT_HASH".equals(rs.getString("INDEX_NAME"));
                }
                assertTrue(indexed, "the slow-sync lookup by text hash uses an index");
            }
        }
    }

    @Test
    void version8DatabaseLosesTheV2IdIndex() throws SQLException {
        try (Connection c = connect()) {
            Schema.apply(c);
            c.createStatement().execute("CREATE INDEX messages_v2_id ON messages (v2_id)"); // as version 8 had it
            OldLuidMap.downgrade(c); // before version 11
            c.createStatement().execute("DELETE FROM schema_version");
            c.createStatement().execute("INSERT INTO schema_version (version, applied_at) VALUES (8, 0)");
            assertTrue(indexes(c, "MESSAGES").contains("MESSAGES_V2_ID"));

            assertEquals(LATEST, Schema.apply(c));

            assertFalse(indexes(c, "MESSAGES").contains("MESSAGES_V2_ID"), "found by the GUID range now");
            assertTrue(indexes(c, "MESSAGES").contains("MESSAGES_NEWEST"), "the others stay");
        }
    }

    @Test
    void aNewDatabaseHasNoV2IdIndex() throws SQLException {
        try (Connection c = connect()) {
            Schema.apply(c);
            assertFalse(indexes(c, "MESSAGES").contains("MESSAGES_V2_ID"));
            assertTrue(indexes(c, "TOMBSTONES").contains("TOMBSTONES_V2_ID"), "tombstones keep theirs (few inserts)");
        }
    }

    private static List<String> indexes(Connection c, String table) throws SQLException {
        List<String> names = new java.util.ArrayList<>();
        try (var rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
            while (rs.next()) {
                names.add(rs.getString("INDEX_NAME"));
            }
        }
        return names;
    }

    @Test
    void applyingTwiceChangesNothing() throws SQLException {
        try (Connection c = connect()) {
            assertEquals(LATEST, Schema.apply(c));
            assertEquals(LATEST, Schema.apply(c));
            assertTrue(Schema.tableExists(c, "luid_map"));
        }
    }

    @Test
    void olderDatabaseGetsPendingMigrationsOnceAndNewerOneIsRefused() throws SQLException {
        try (Connection c = connect()) {
            assertEquals(LATEST, Schema.apply(c));
            List<String> migrations = List.of("99-account-note");
            assertEquals(99, Schema.apply(c, TEST_MIGRATIONS, migrations));
            assertEquals(99, Schema.apply(c, TEST_MIGRATIONS, migrations), "applied once only");
            c.createStatement().execute("UPDATE accounts SET note = 'migrated'");
            StoreException e = assertThrows(StoreException.class, () -> Schema.apply(c));
            assertEquals("the database holds schema version 99 but this server knows only up to " + LATEST + ";"
                    + " run a newer server or choose another --data DIR", e.getMessage());
        }
    }

    @Test
    void newDatabaseStartsAtTheLatestVersionWithoutRunningMigrations() throws SQLException {
        try (Connection c = connect()) {
            // the test migration would fail on a new database (accounts has no note column to
            // add twice): being recorded at version 2 directly proves it was skipped
            c.createStatement().execute("CREATE TABLE accounts (name VARCHAR(255) NOT NULL PRIMARY KEY,"
                    + " md5_digest VARCHAR(64) NOT NULL, is_admin SMALLINT NOT NULL, call_sign VARCHAR(255) NOT NULL,"
                    + " note VARCHAR(255))");
            assertEquals(99, Schema.apply(c, TEST_MIGRATIONS, List.of("99-account-note")));
            assertFalse(Schema.tableExists(c, "no_such_table"));
        }
    }

    private Connection connect() throws SQLException {
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        return DriverManager.getConnection("jdbc:derby:" + dir.resolve("db") + ";create=true");
    }
}
