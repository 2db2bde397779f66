package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Derby's plans (runtime statistics) for the newest-first and change-log reads of schema version
 * 10: each is a scan of the index it was built for, stopping after the rows asked for, never a sort
 * of the whole table. The statements are the ones Tx and UnmappedScan run (same text shape).
 */
class QueryPlanTest {
    static final int MESSAGES = 600;

    @TempDir
    Path dir;
    Store store;
    Connection raw;

    @BeforeEach
    void fill() throws SQLException {
        store = Store.open(dir);
        store.write(tx -> {
            for (int i = 0; i < MESSAGES; i++) {
                tx.addMessage(StoreTest.msg(String.format("%08x", 0x10000 + i * 7919 % 65536), 1_700_000_000L + i / 150,
                        "m" + i, i % 4 == 0 ? "radio" : ""), "t");
            }
            return null;
        });
        raw = DriverManager.getConnection("jdbc:derby:" + dir.toAbsolutePath().normalize().resolve("db"));
        raw.createStatement().execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
    }

    @AfterEach
    void close() throws SQLException {
        raw.close();
        store.close();
    }

    @Test
    void newestFirstReadsWalkTheNewestIndexesWithoutASort() throws SQLException {
        String cols = "SELECT guid, epoch, message_text, seq FROM messages";
        assertIndexScan(plan(cols + Tx.NEWEST_FIRST, 10), "MESSAGES_NEWEST");
        assertIndexScan(plan(cols + " WHERE channel = 'radio'" + Tx.NEWEST_FIRST, 10), "MESSAGES_CHANNEL_NEWEST");
        assertIndexScan(plan(cols + " WHERE epoch = 1700000002 AND seq < 400" + Tx.NEWEST_FIRST, 10), "MESSAGES_NEWEST");
        assertIndexScan(plan(cols + " WHERE epoch < 1700000002" + Tx.NEWEST_FIRST, 10), "MESSAGES_NEWEST");
        assertIndexScan(plan(cols + " WHERE channel = 'radio' AND epoch = 1700000002 AND seq < 400" + Tx.NEWEST_FIRST, 10),
                "MESSAGES_CHANNEL_NEWEST");
        assertIndexScan(plan(cols + " WHERE channel = 'radio' AND epoch < 1700000002" + Tx.NEWEST_FIRST, 10),
                "MESSAGES_CHANNEL_NEWEST");
    }

    @Test
    void theChangeLogReadsAreIndexRangeScans() throws SQLException {
        assertIndexScan(plan("SELECT seq, guid FROM messages WHERE seq > 500 ORDER BY seq", 10), "MESSAGES_SEQ");
        String max = plan(Tx.MESSAGES_MAX_SEQ, 0);
        assertTrue(max.contains("using index MESSAGES_SEQ") && max.contains("Index Key Optimization = true")
                && max.contains("Rows seen = 1"), "Tx.lastSeq reads one key, not the index: " + max);
        String changes = plan("SELECT MAX(seq) FROM changes", 0);
        assertTrue(changes.contains("Index Key Optimization = true"), changes);
        assertIndexScanOf(plan("SELECT seq, kind, guid, account FROM changes WHERE seq > 0 ORDER BY seq", 10), "CHANGES");
    }

    private String plan(String sql, int maxRows) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            ps.setMaxRows(maxRows);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
        try (ResultSet rs = raw.createStatement().executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void assertIndexScanOf(String plan, String table) {
        assertTrue(plan.contains("Index Scan ResultSet for " + table + " using constraint"), plan);
        assertFalse(plan.contains("Sort ResultSet"), plan);
    }

    private static void assertIndexScan(String plan, String index) {
        assertTrue(plan.contains("Index Scan ResultSet for MESSAGES using index " + index), plan);
        assertFalse(plan.contains("Sort ResultSet"), plan);
        assertFalse(plan.contains("Rows seen = " + MESSAGES), "stops after the rows asked for: " + plan);
    }
}
