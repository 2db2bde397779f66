package meshchat.syncml.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a current database's LUID maps back into the shape schema versions 1 to 10 gave them
 * (luid_map keyed by account, device, datastore; no client_ids), keeping every row, so a test can
 * build an old database from the current schema files as the other migration tests do.
 */
public final class OldLuidMap {
    /** The luid_map schema file as it was before version 11 (versions 9 and 10 did not change it). */
    static final String OLD_SCHEMA = "/meshchat/syncml/store/sql/schema-9/70-luid_map.sql";

    private OldLuidMap() {
    }

    /** On a closed store's data folder: its maps in the old shape, and the database marked version 10. */
    public static void downgradeToVersion10(Path dataDir) throws SQLException {
        String url = "jdbc:derby:" + dataDir.toAbsolutePath().normalize().resolve("db");
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            downgrade(c);
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM schema_version");
                st.execute("INSERT INTO schema_version (version, applied_at) VALUES (10, 0)");
            }
            c.commit();
        }
        try {
            DriverManager.getConnection(url + ";shutdown=true").close();
        } catch (SQLException e) {
            if (!"08006".equals(e.getSQLState())) { // Derby's normal answer to a shutdown
                throw e;
            }
        }
    }

    /** The maps in the old shape; the caller records the version. */
    static void downgrade(Connection c) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.account, c.device, c.datastore, l.luid, l.guid"
                     + " FROM luid_map l JOIN client_ids c ON c.id = l.client_id")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE luid_map");
            st.execute("DROP TABLE client_ids");
            for (String s : Schema.statements(Schema.load(OLD_SCHEMA))) {
                st.execute(s);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO luid_map (account, device, datastore, luid, guid) VALUES (?, ?, ?, ?, ?)")) {
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    ps.setString(i + 1, r[i]);
                }
                ps.executeUpdate();
            }
        }
    }
}
