package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * Migration 10 on a database a version-9 server made: the ADD rows leave the change log (the
 * messages rows are the ADDs), purges and hides keep their seqs, the newest indexes are keyed on
 * seq, and the seq counter starts above every stored seq, so a client anchored before the
 * migration reads exactly the changes after its anchor.
 */
class Migration10Test {
    static final String A = "0000000a-100-00000001";
    static final String B = "0000000b-100-00000002";
    static final String C = "0000000c-100-00000003";
    static final String D = "0000000d-100-00000004";
    static final String E = "0000000e-100-00000005";

    @TempDir
    Path dir;

    @Test
    void version9LogBecomesMessagesPlusPurgesAndHidesWithTheSameSeqs() throws SQLException {
        long a, b, c, d, purgeB, hideC, e, purgeE;
        try (Schema9Database old = new Schema9Database(dir)) {
            old.account("alice", "pw", false);
            a = old.add(A, 100, "a", "");
            b = old.add(B, 100, "b", "");
            c = old.add(C, 100, "c", "radio");
            // the client's anchor: it has seen a, b and c
            old.syncState("alice", "IMEI:1", "meshchat", "A1", "S1", c);
            purgeB = old.purge(B);
            hideC = old.hide("alice", C);
            d = old.add(D, 100, "d", "");
            e = old.add(E, 100, "e", "");
            purgeE = old.purge(E); // the highest seq before the migration is a PURGE of a message added after the anchor
        }
        try (Store store = Store.open(dir)) {
            assertEquals(purgeE, (long) store.<Long>read(Tx::lastSeq), "the last seq stays what clients saw");
            assertEquals(List.of(new Change(a, Change.Kind.ADD, new MessageId(A), null),
                    new Change(c, Change.Kind.ADD, new MessageId(C), null),
                    new Change(purgeB, Change.Kind.PURGE, new MessageId(B), null),
                    new Change(hideC, Change.Kind.HIDE, new MessageId(C), "alice"),
                    new Change(d, Change.Kind.ADD, new MessageId(D), null),
                    new Change(purgeE, Change.Kind.PURGE, new MessageId(E), null)),
                    store.read(tx -> tx.changesSince(0, 100)));
            long anchor = store.read(tx -> tx.syncState(new ClientKey("alice", "IMEI:1", "meshchat"))).orElseThrow().seenSeq();
            assertEquals(List.of(new Change(purgeB, Change.Kind.PURGE, new MessageId(B), null),
                    new Change(hideC, Change.Kind.HIDE, new MessageId(C), "alice"),
                    new Change(d, Change.Kind.ADD, new MessageId(D), null),
                    new Change(purgeE, Change.Kind.PURGE, new MessageId(E), null)),
                    new ArrayList<>(store.read(tx -> tx.latestChanges(anchor, tx.lastSeq(), x -> true))),
                    "exactly the changes after the client's anchor");

            long next = store.write(tx -> tx.addMessage(StoreTest.msg("0000000f", 100, "after", ""), "t"));
            assertTrue(next > purgeE, "a new seq is above every old one: " + next + " > " + purgeE);
            assertEquals(List.of(new Change(next, Change.Kind.ADD, Message.create("0000000f", 100, "after", "K1ABC",
                    "node1", "pi", "").id(), null)), store.read(tx -> tx.changesSince(purgeE, 100)));
            assertEquals(List.of("0000000f", "0000000d", "0000000a"), store.read(tx -> tx.newest(10, null, "alice"))
                    .stream().map(Message::v2Id).toList(), "one second: latest arrival first, c hidden");

            try (Connection raw = DriverManager.getConnection("jdbc:derby:" + dir.toAbsolutePath().normalize().resolve("db"))) {
                assertEquals(0, count(raw, "SELECT COUNT(*) FROM changes WHERE kind = 'ADD'"));
                assertEquals(11, count(raw, "SELECT MAX(version) FROM schema_version")); // 10, then 11 (luid_map)
                assertEquals(List.of("EPOCH D", "SEQ D"), indexColumns(raw, "MESSAGES_NEWEST"));
                assertEquals(List.of("CHANNEL A", "EPOCH D", "SEQ D"), indexColumns(raw, "MESSAGES_CHANNEL_NEWEST"));
            }
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> indexColumns(Connection c, String index) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, "MESSAGES", false, false)) {
            while (rs.next()) {
                if (index.equals(rs.getString("INDEX_NAME"))) {
                    out.add(rs.getString("COLUMN_NAME") + " " + rs.getString("ASC_OR_DESC"));
                }
            }
        }
        return out;
    }
}
