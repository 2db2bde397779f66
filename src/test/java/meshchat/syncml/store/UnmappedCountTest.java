package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/**
 * The count of package 4 (messages a client lacks) by the merge of two GUID-ordered index scans is
 * the count the probe query gives and the count of a model kept here, for random mixes of
 * channels, hides by two accounts, purges, and map rows of several clients (some naming purged
 * messages); a GUID Derby orders otherwise than String.compareTo makes the probe query count.
 */
class UnmappedCountTest {
    static final List<ClientKey> CLIENTS = List.of(new ClientKey("alice", "IMEI:1", "meshchat"),
            new ClientKey("alice", "IMEI:2", "meshchat"), new ClientKey("bob", "IMEI:3", "meshchat"),
            new ClientKey("carol", "IMEI:4", "meshchat")); // carol's device never maps: no client id
    static final List<String> CHANNELS = List.of("", "radio", "wx");

    @TempDir
    Path dir;
    Store store;
    Connection raw;

    /** The model: stored messages and their channel, hidden GUIDs per account, mapped GUIDs per client. */
    final Map<String, String> stored = new LinkedHashMap<>();
    final List<String> purged = new ArrayList<>();
    final Map<String, Set<String>> hidden = new HashMap<>();
    final Map<ClientKey, Set<String>> mapped = new HashMap<>();
    int luids;

    @BeforeEach
    void open() throws SQLException {
        store = Store.open(dir);
        raw = DriverManager.getConnection("jdbc:derby:" + dir.toAbsolutePath().normalize().resolve("db"));
        for (ClientKey k : CLIENTS) {
            mapped.put(k, new HashSet<>());
            hidden.put(k.account(), new HashSet<>());
        }
    }

    @AfterEach
    void close() throws SQLException {
        raw.close();
        store.close();
    }

    @Test
    void mergedCountEqualsTheProbeQueryAndTheModelInRandomMixes() throws SQLException {
        Random random = new Random(19);
        for (int round = 0; round < 8; round++) {
            store.write(tx -> {
                change(tx, random, 30 + random.nextInt(40));
                return null;
            });
            checkAll("round " + round);
        }
        // one client maps every stored message (the end of a slow sync): it lacks none
        ClientKey phone = CLIENTS.get(0);
        store.write(tx -> {
            for (String guid : List.copyOf(stored.keySet())) {
                if (mapped.get(phone).add(guid)) {
                    tx.insertMap(phone, "L" + luids++, new MessageId(guid));
                }
            }
            return null;
        });
        assertEquals(0L, (long) store.read(tx -> tx.unmappedCount(phone, null)));
        checkAll("all mapped");
    }

    @Test
    void aHideEarlierInTheSameTransactionCounts() {
        store.write(tx -> {
            change(tx, new Random(3), 30);
            return null;
        });
        ClientKey phone = CLIENTS.get(0);
        store.write(tx -> {
            long before = tx.unmappedCount(phone, null);
            String guid = stored.keySet().stream().filter(g -> !mapped.get(phone).contains(g)
                    && !hidden.get("alice").contains(g)).findFirst().orElseThrow();
            tx.hide("alice", new MessageId(guid));
            assertEquals(before - 1, tx.unmappedCount(phone, null));
            return null;
        });
    }

    @Test
    void guidsDerbyComparesOtherwiseMakeTheProbeQueryCount() throws SQLException {
        store.write(tx -> {
            change(tx, new Random(5), 30);
            return null;
        });
        int phone = clientId(CLIENTS.get(0));
        // Derby pads the shorter string with spaces: "x" and "x " are one GUID, "a\u0001" sorts before "a"
        rawMessage("0000000a-1-0000000a\u0001", "");
        rawMessage("0000000a-1-0000000a", "");
        rawMessage("0000000b-1-0000000b", "");
        rawMap(phone, "0000000b-1-0000000b ");
        rawMessage("0000000c-1-0000000c", "");
        rawHidden("alice", "0000000c-1-0000000c ");
        Sql sql = new Sql(raw);
        assertEquals(-1, UnmappedCount.byMerge(sql, phone, Set.of()), "a GUID with a character below a space");
        assertEquals(-1, UnmappedCount.byMerge(sql, phone, Set.of("0000000c-1-0000000c ")), "a hidden one");
        long probe = UnmappedCount.byProbe(sql, phone, "alice", null);
        assertEquals(probe, (long) store.read(tx -> tx.unmappedCount(CLIENTS.get(0), null)));
        // the model, with Derby's equality: b is mapped, c hidden, both a's lacking
        assertEquals(expected(CLIENTS.get(0), null) + 2, probe);
    }

    @Test
    void rowsOutOfStringOrderMakeTheMergeGiveUp(@TempDir Path other) throws SQLException {
        // a territory collation orders "a" before "B"; String.compareTo the other way
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + other.resolve("db")
                + ";create=true;territory=en_US;collation=TERRITORY_BASED")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE messages (guid VARCHAR(64) NOT NULL PRIMARY KEY)");
                s.execute("CREATE TABLE luid_map (client_id INT NOT NULL, guid VARCHAR(64) NOT NULL)");
                s.execute("CREATE UNIQUE INDEX luid_map_guid ON luid_map (client_id, guid)");
                s.execute("INSERT INTO messages VALUES ('a1'), ('c3')");
                s.execute("INSERT INTO luid_map VALUES (1, 'a1')");
                assertEquals(1, UnmappedCount.byMerge(new Sql(c), 1, Set.of()), "in both orders alike");
                s.execute("INSERT INTO messages VALUES ('B2')");
                assertEquals(-1, UnmappedCount.byMerge(new Sql(c), 1, Set.of()));
                s.execute("DELETE FROM messages WHERE guid = 'B2'");
                s.execute("INSERT INTO luid_map VALUES (1, 'B2')");
                assertEquals(-1, UnmappedCount.byMerge(new Sql(c), 1, Set.of()), "out of order in the map rows");
            }
        }
    }

    @Test
    void bothScansWalkAnIndexWithoutASort() throws SQLException {
        store.write(tx -> {
            change(tx, new Random(7), 200);
            return null;
        });
        try (Statement s = raw.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
        }
        String messages = plan("SELECT guid FROM messages ORDER BY guid");
        assertTrue(messages.contains("Index Scan ResultSet for MESSAGES using constraint"), messages);
        assertFalse(messages.contains("Sort ResultSet"), messages);
        assertFalse(messages.contains("Index Row to Base Row"), "no row fetch: " + messages);
        String maps = plan("SELECT guid FROM luid_map WHERE client_id = " + clientId(CLIENTS.get(0)) + " ORDER BY guid");
        assertTrue(maps.contains("Index Scan ResultSet for LUID_MAP using index LUID_MAP_GUID"), maps);
        assertFalse(maps.contains("Sort ResultSet"), maps);
        assertFalse(maps.contains("Index Row to Base Row"), "no row fetch: " + maps);
    }

    /** Adds {@code n} messages, then maps, hides and purges at random. */
    void change(Tx tx, Random random, int n) {
        List<Message> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
            Message m = Message.create(String.format("%08x", random.nextInt()), 1_700_000_000L + random.nextInt(5000),
                    "text " + stored.size() + " " + purged.size() + " " + i, "K1ABC", "node", "pi", channel);
            tx.addMessage(m, "test");
            stored.put(m.id().value(), channel);
            added.add(m);
        }
        List<String> all = new ArrayList<>(stored.keySet());
        for (int i = 0; i < n; i++) {
            ClientKey k = CLIENTS.get(random.nextInt(3));
            boolean ofPurged = !purged.isEmpty() && random.nextInt(10) == 0;
            String guid = ofPurged ? purged.get(random.nextInt(purged.size())) : all.get(random.nextInt(all.size()));
            if (mapped.get(k).add(guid)) {
                tx.insertMap(k, "L" + luids++, new MessageId(guid));
            }
        }
        for (int i = 0; i < n / 8; i++) {
            String account = random.nextBoolean() ? "alice" : "bob";
            String guid = all.get(random.nextInt(all.size()));
            if (hidden.get(account).add(guid)) {
                assertTrue(tx.hide(account, new MessageId(guid)) > 0);
            }
        }
        for (int i = 0; i < n / 15; i++) {
            String guid = all.get(random.nextInt(all.size()));
            if (stored.remove(guid) != null) {
                tx.purge(new MessageId(guid), "admin", Instant.EPOCH);
                purged.add(guid);
                hidden.values().forEach(h -> h.remove(guid));
            }
        }
    }

    void checkAll(String when) throws SQLException {
        for (ClientKey k : CLIENTS) {
            int id = clientId(k);
            for (String channel : new String[] {null, "", "radio", "wx", "none"}) {
                long want = expected(k, channel);
                String what = when + ", " + k + " in " + channel;
                assertEquals(want, (long) store.read(tx -> tx.unmappedCount(k, channel)), what);
                assertEquals(want, UnmappedCount.byProbe(new Sql(raw), id, k.account(), channel), what + " (probe)");
            }
            assertEquals(expected(k, null), UnmappedCount.byMerge(new Sql(raw), id, hidden.get(k.account())),
                    when + ", " + k + " (merge)");
        }
    }

    long expected(ClientKey k, String channel) {
        return stored.entrySet().stream()
                .filter(e -> channel == null || e.getValue().equals(channel))
                .filter(e -> !hidden.get(k.account()).contains(e.getKey()) && !mapped.get(k).contains(e.getKey()))
                .count();
    }

    int clientId(ClientKey k) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT id FROM client_ids WHERE account = ? AND device = ? AND datastore = ?")) {
            ps.setString(1, k.account());
            ps.setString(2, k.device());
            ps.setString(3, k.datastore());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : ClientState.NO_ID;
            }
        }
    }

    private String plan(String sql) throws SQLException {
        try (Statement s = raw.createStatement()) {
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getString(1);
                }
            }
            try (ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void rawMessage(String guid, String channel) throws SQLException {
        rawInsert("INSERT INTO messages (guid, v2_id, epoch, message_text, call_sign, node, platform, channel, seq, origin)"
                + " VALUES (?, ?, 1700000000, 'x', 'K1ABC', 'node', 'pi', ?, 999999, 'test')", guid, guid.substring(0, 8),
                channel);
    }

    private void rawMap(int client, String guid) throws SQLException {
        rawInsert("INSERT INTO luid_map (client_id, luid, guid) VALUES (?, ?, ?)", client, "R" + guid, guid);
    }

    private void rawHidden(String account, String guid) throws SQLException {
        rawInsert("INSERT INTO hidden (account, guid, seq) VALUES (?, ?, 999999)", account, guid);
    }

    private void rawInsert(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
