package meshchat.syncml.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A database as a version-9 server made it: the schema files version 9 shipped (test resources
 * sql/schema-9), rows written as its Tx wrote them (an ADD row in the change log per message,
 * seqs from the identity column). For migration tests; raw JDBC, no code of this version.
 */
public final class Schema9Database implements AutoCloseable {
    private static final List<String> FILES = List.of("00-schema_version", "10-accounts", "20-messages",
            "30-tombstones", "40-hidden", "50-changes", "60-sync_state", "70-luid_map", "80-devices",
            "90-v2_aliases", "95-peer_links", "97-http_digests");

    private final Connection c;

    /** Creates the database in {@code dataDir/db} (where Store.open looks), at version 9. */
    public Schema9Database(Path dataDir) throws SQLException {
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", dataDir.resolve("derby.log").toString());
        }
        c = DriverManager.getConnection("jdbc:derby:" + dataDir.toAbsolutePath().normalize().resolve("db") + ";create=true");
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String f : FILES) {
                for (String stmt : Schema.statements(Schema.load("/meshchat/syncml/store/sql/schema-9/" + f + ".sql"))) {
                    st.execute(stmt);
                }
            }
            st.execute("INSERT INTO schema_version (version, applied_at) VALUES (9, 0)");
        }
        c.commit();
    }

    public void account(String name, String password, boolean admin) throws SQLException {
        update("INSERT INTO accounts (name, md5_digest, is_admin, call_sign) VALUES (?, ?, ?, ?)", name,
                Account.md5Digest(name, password), admin ? 1 : 0, "K1" + name.toUpperCase(java.util.Locale.ROOT));
    }

    /** Stores a message with its ADD, as version 9's Tx.addMessage; returns the seq. */
    public long add(String guid, long epoch, String text, String channel) throws SQLException {
        long seq = change("ADD", guid, null);
        update("INSERT INTO messages (guid, epoch, message_text, call_sign, node, platform, channel, v2_id, seq, origin)"
                + " VALUES (?, ?, ?, 'K1OLD', 'old-node', 'pi', ?, ?, ?, 'test')", guid, epoch, text, channel,
                guid.substring(0, 8), seq);
        return seq;
    }

    /** Purges a stored message, as version 9's Tx.purge did; returns the PURGE's seq. */
    public long purge(String guid) throws SQLException {
        long seq = change("PURGE", guid, null);
        update("INSERT INTO tombstones (guid, v2_id, purged_at, purged_by, seq) VALUES (?, ?, 0, 'root', ?)",
                guid, guid.substring(0, 8), seq);
        update("DELETE FROM messages WHERE guid = ?", guid);
        update("DELETE FROM hidden WHERE guid = ?", guid);
        return seq;
    }

    public long hide(String account, String guid) throws SQLException {
        long seq = change("HIDE", guid, account);
        update("INSERT INTO hidden (account, guid, seq) VALUES (?, ?, ?)", account, guid, seq);
        return seq;
    }

    /** A client's completed session: its anchors and the seq it had seen. */
    public void syncState(String account, String device, String datastore, String clientAnchor, String serverAnchor,
                          long seenSeq) throws SQLException {
        update("INSERT INTO sync_state (account, device, datastore, client_anchor, server_anchor, seen_seq)"
                + " VALUES (?, ?, ?, ?, ?, ?)", account, device, datastore, clientAnchor, serverAnchor, seenSeq);
    }

    public void map(String account, String device, String datastore, String luid, String guid) throws SQLException {
        update("INSERT INTO luid_map (account, device, datastore, luid, guid) VALUES (?, ?, ?, ?, ?)",
                account, device, datastore, luid, guid);
    }

    private long change(String kind, String guid, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO changes (guid, kind, account) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, guid);
            ps.setString(2, kind);
            ps.setString(3, account);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Commits and closes the connection (the database stays booted in this JVM for Store.open). */
    @Override
    public void close() throws SQLException {
        c.commit();
        c.close();
    }
}
