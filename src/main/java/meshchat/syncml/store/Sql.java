package meshchat.syncml.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs named prepared statements on one connection. A failure becomes a {@link StoreException}
 * naming the statement and its first argument (the key), as Syncthing's {@code wrap} does.
 */
final class Sql {

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection c;
    /**
     * Statements prepared on this connection, reused for the rest of the transaction (a client
     * message of 10,000 Adds runs the same few statements 10,000 times while holding the write
     * lock); they close with the connection when the transaction ends.
     */
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Sql(Connection c) {
        this.c = c;
    }

    private PreparedStatement prepare(String sql, boolean generatedKeys) throws SQLException {
        String key = generatedKeys ? "K:" + sql : sql;
        PreparedStatement ps = prepared.get(key);
        if (ps == null) {
            ps = generatedKeys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : c.prepareStatement(sql);
            prepared.put(key, ps);
        }
        return ps;
    }

    int update(String name, String sql, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, false);
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw wrap(name, args, e);
        }
    }

    /** Rows per multi-row INSERT of {@link #insertRows}. */
    static final int ROWS_PER_INSERT = 25;

    /**
     * Inserts the rows, {@link #ROWS_PER_INSERT} per statement ({@code insert} followed by that
     * many {@code (?, ...)} lists) and the rest one per statement: Derby opens the table and each
     * index, and locks them, once per statement, which costs as much as a row's own insert (a
     * slow sync stores 10,000 messages and map rows). Every row is in when it returns; a failure
     * throws and the caller's transaction rolls back, as with single inserts.
     *
     * A failure names the key column's values of the failed statement's rows (Derby's error names
     * the index, not the row).
     *
     * @param insert    {@code INSERT INTO t (a, b) VALUES }
     * @param keyColumn the column that tells the rows apart in an error message
     * @param rows      each row's arguments, as many as the table's listed columns
     */
    void insertRows(String name, String insert, int keyColumn, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int columns = rows.get(0).length;
        String one = "(?" + ", ?".repeat(columns - 1) + ")";
        int i = 0;
        if (rows.size() >= ROWS_PER_INSERT) {
            String many = insert + String.join(", ", java.util.Collections.nCopies(ROWS_PER_INSERT, one));
            Object[] args = new Object[ROWS_PER_INSERT * columns];
            for (; i + ROWS_PER_INSERT <= rows.size(); i += ROWS_PER_INSERT) {
                for (int r = 0; r < ROWS_PER_INSERT; r++) {
                    System.arraycopy(rows.get(i + r), 0, args, r * columns, columns);
                }
                insert(name, many, args, rows.subList(i, i + ROWS_PER_INSERT), keyColumn);
            }
        }
        for (; i < rows.size(); i++) {
            insert(name, insert + one, rows.get(i), rows.subList(i, i + 1), keyColumn);
        }
    }

    private void insert(String name, String sql, Object[] args, List<Object[]> rows, int keyColumn) {
        try {
            PreparedStatement ps = prepare(sql, false);
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            List<Object> keys = new java.util.ArrayList<>(rows.size());
            for (Object[] row : rows) {
                keys.add(row[keyColumn]);
            }
            throw wrap(name, new Object[] {rows.size() == 1 ? keys.get(0) : "one of " + keys}, e);
        }
    }

    /** Inserts one row and returns its generated key (the identity column). */
    long insertReturningKey(String name, String sql, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, true);
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key returned");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw wrap(name, args, e);
        }
    }

    /** Rows in query order; at most {@code max} of them (0 = all), via setMaxRows: portable, no LIMIT dialects. */
    <T> List<T> list(String name, int max, String sql, Row<T> row, Object... args) {
        return listWithin(name, max, Long.MAX_VALUE, t -> 0, sql, row, args);
    }

    /**
     * As {@link #list}, stopping after the row whose {@code weight} brings the total to {@code budget}
     * (at least one row): a page of long messages is cut short instead of read whole into memory.
     */
    <T> List<T> listWithin(String name, int max, long budget, java.util.function.ToLongFunction<T> weight, String sql,
                           Row<T> row, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, false);
            ps.setMaxRows(max);
            bind(ps, args);
            List<T> out = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (total < budget && rs.next()) {
                    T t = row.map(rs);
                    out.add(t);
                    total += weight.applyAsLong(t);
                }
            }
            return out;
        } catch (SQLException e) {
            throw wrap(name, args, e);
        }
    }

    /**
     * Hands each row to {@code row} as it is read (forward-only, nothing kept here), so a scan of
     * the whole table holds one row at a time.
     */
    void each(String name, String sql, Row<Void> row, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, false);
            ps.setMaxRows(0);
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.map(rs);
                }
            }
        } catch (SQLException e) {
            throw wrap(name, args, e);
        }
    }

    /**
     * Runs a query and hands back its rows unread (forward-only, nothing kept here), for a caller
     * that walks two at once, as a merge of two index scans does. The caller closes it, and wraps
     * a failure while reading it with {@link #wrap}.
     */
    ResultSet open(String name, String sql, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, false);
            ps.setMaxRows(0);
            bind(ps, args);
            return ps.executeQuery();
        } catch (SQLException e) {
            throw wrap(name, args, e);
        }
    }

    <T> Optional<T> one(String name, String sql, Row<T> row, Object... args) {
        List<T> rows = list(name, 1, sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    boolean exists(String name, String sql, Object... args) {
        return one(name, sql, rs -> Boolean.TRUE, args).isPresent();
    }

    long number(String name, String sql, Object... args) {
        return one(name, sql, rs -> rs.getLong(1), args).orElse(0L); // NULL (empty MAX) reads as 0
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                ps.setNull(i + 1, Types.VARCHAR); // our only nullable parameters are VARCHARs
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    static StoreException wrap(String name, Object[] args, SQLException e) {
        String key = args.length > 0 ? " for " + args[0] : "";
        return new StoreException("statement " + name + key + " failed: " + firstLine(e.getMessage())
                + " (SQLState " + e.getSQLState() + ")", e);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
