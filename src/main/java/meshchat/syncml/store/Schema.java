package meshchat.syncml.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a database to the current schema: pending migrations first (they take an older
 * database to the current shape), then every schema file whose table is missing (a new
 * database gets the current shape directly). All in one transaction, so a failed start leaves
 * the database as it was.
 */
final class Schema {

    static final String BASE = "/meshchat/syncml/store/sql/";

    /** In order; each creates one table (and its indexes) when that table is missing. */
    static final List<String> SCHEMA = List.of("00-schema_version", "10-accounts", "20-messages",
            "30-tombstones", "40-hidden", "50-changes", "60-sync_state", "65-client_ids", "70-luid_map", "80-devices",
            "90-v2_aliases", "95-peer_links", "97-http_digests");

    /** In order; "NN-name" produces version NN. Version 1 is the first schema. */
    static final List<String> MIGRATIONS = List.of("02-long-text", "03-previous-anchors", CleanTextStep.MIGRATION,
            "05-tombstone-text-hash", "06-peers", "07-digest",
            "08-devinf-account", "09-drop-v2-id-index", "10-seq-order", "11-luid-map-client-id");

    private static final Pattern CREATE_TABLE =
            Pattern.compile("CREATE\\s+TABLE\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSION = Pattern.compile("(\\d+)-[\\w-]+");

    private Schema() {
    }

    /** Applies the shipped schema; returns the version the database is now at. */
    static int apply(Connection c) throws SQLException {
        return apply(c, BASE + "migrations/", MIGRATIONS);
    }

    static int apply(Connection c, String migrationBase, List<String> migrations) throws SQLException {
        int latest = 1;
        for (String m : migrations) {
            latest = Math.max(latest, version(m));
        }
        boolean fresh = !tableExists(c, "schema_version");
        int current = fresh ? 0 : currentVersion(c);
        if (current > latest) {
            throw new StoreException("the database holds schema version " + current
                    + " but this server knows only up to " + latest
                    + "; run a newer server or choose another --data DIR");
        }
        boolean cleanText = false;
        if (!fresh) {
            for (String m : migrations) {
                if (version(m) > current) {
                    runScript(c, migrationBase + m + ".sql");
                    record(c, version(m));
                    cleanText |= m.equals(CleanTextStep.MIGRATION);
                }
            }
        }
        for (String s : SCHEMA) {
            String sql = load(BASE + "schema/" + s + ".sql");
            Matcher table = CREATE_TABLE.matcher(sql);
            if (!table.find()) {
                throw new IllegalStateException(s + ".sql creates no table");
            }
            if (!tableExists(c, table.group(1))) {
                runStatements(c, s, sql);
            }
        }
        if (cleanText) { // a Java step, after the schema files: it needs v2_aliases, which they create
            CleanTextStep.apply(c);
        }
        if (fresh || current == 0) {
            record(c, latest);
        }
        return Math.max(current, latest);
    }

    private static int version(String migration) {
        Matcher m = VERSION.matcher(migration);
        if (!m.matches()) {
            throw new IllegalStateException("migration name is not NN-name: " + migration);
        }
        return Integer.parseInt(m.group(1));
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1); // 0 when empty (NULL)
        }
    }

    private static void record(Connection c, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
            ps.setInt(1, version);
            ps.setLong(2, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT)
                : meta.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
        try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    private static void runScript(Connection c, String resource) throws SQLException {
        runStatements(c, resource, load(resource));
    }

    private static void runStatements(Connection c, String source, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String stmt : statements(sql)) {
                try {
                    st.execute(stmt);
                } catch (SQLException e) {
                    throw new StoreException("schema " + source + " failed: " + e.getMessage()
                            + " (SQLState " + e.getSQLState() + ") in: " + stmt, e);
                }
            }
        }
    }

    /** Splits a script on ';' after dropping "--" comments (our scripts have no quoted ';' or "--"). */
    static List<String> statements(String sql) {
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            int dash = line.indexOf("--");
            clean.append(dash >= 0 ? line.substring(0, dash) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : clean.toString().split(";")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    static String load(String resource) {
        try (InputStream in = Schema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource, e);
        }
    }
}
