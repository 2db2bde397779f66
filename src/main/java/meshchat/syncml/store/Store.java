package meshchat.syncml.store;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message store: an embedded Derby database in a data folder. The door of this package.
 *
 * <p>All access goes through {@link #write} and {@link #read}, each one JDBC transaction. Writes
 * are serialized by one lock, so change sequence numbers commit in order and a reader never sees
 * seq N+1 without N. Reads take no lock (Derby's row locks still make them wait for a writer's
 * rows). The SQL is portable apart from the Derby URL, so a JDBC URL could point elsewhere.
 */
public final class Store implements AutoCloseable {

    /** Longest call sign, node, platform, channel, account name, device id, LUID or anchor. */
    public static final int MAX_FIELD_CHARS = 255;
    /** Longest message text: Derby's longest VARCHAR (see sql/schema/20-messages.sql). */
    public static final int MAX_TEXT_CHARS = 32672;
    /** Longest message text: longer than MAX_TEXT_CHARS goes to a CLOB (large objects from SyncML clients). */
    public static final int MAX_MESSAGE_CHARS = 4_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final Path dataDir;
    private final String url;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private volatile boolean closed;
    /** Change seqs for this database (shared with any other Store of this JVM on the same folder). */
    private final SeqCounter seqs;
    /** Which v2 ids are surely free (shared as seqs are). */
    private final V2IdFilter v2Ids;
    /** Told after every committed write that logged a change (a post, purge or hide from any way in). */
    private final java.util.List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Store(Path dataDir, String url) {
        this.dataDir = dataDir;
        this.url = url;
        this.seqs = SeqCounter.forDatabase(url);
        this.v2Ids = V2IdFilter.forDatabase(url);
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}: the database in {@code db/},
     * Derby's log in {@code derby.log}. Throws StoreException with a one-line reason and fix.
     */
    public static Store open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException e) {
            throw new StoreException("data folder " + dir + " is not writable: " + reason(e)
                    + "; choose another with --data DIR", e);
        }
        // Derby reads these when its engine boots (once per JVM): keep derby.log out of the cwd.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        }
        System.setProperty("derby.infolog.append", "true");
        // Derby's background index statistics rescan whole indexes as tables grow (CPU on every big
        // slow sync); our statements are index lookups and range scans that need no statistics.
        if (System.getProperty("derby.storage.indexStats.auto") == null) {
            System.setProperty("derby.storage.indexStats.auto", "false");
        }
        Store store = new Store(dir, "jdbc:derby:" + dir.resolve("db"));
        try (Connection c = DriverManager.getConnection(store.url + ";create=true")) {
            c.setAutoCommit(false);
            try {
                int version = Schema.apply(c);
                c.commit();
                store.seqs.reread(); // read at the first write, not here: opening stays quick
                store.v2Ids.forget(); // read when lookups have cost as much
                LOG.info("store opened at {} (schema version {})", dir, version);
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            store.shutdown();
            throw openError(dir, e);
        } catch (RuntimeException e) {
            store.shutdown();
            throw e;
        }
        return store;
    }

    /** The data folder, absolute. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Runs {@code work} in one transaction, serialized with every other write. Commits when it
     * returns and rolls back when it throws, so nothing is ever half-applied.
     */
    public <T> T write(TxWork<T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("write() called inside write(): use the Tx you have");
        }
        writeLock.lock();
        boolean[] changed = new boolean[1];
        T result;
        try {
            result = run(tx -> {
                T r = work.apply(tx);
                changed[0] = tx.changed();
                return r;
            }, false);
        } finally {
            writeLock.unlock();
        }
        if (changed[0]) { // committed: run() returned
            for (Runnable l : changeListeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    LOG.warn("a change listener failed", e);
                }
            }
        }
        return result;
    }

    /**
     * Calls {@code listener} after each committed write that logged a change, on the writing
     * thread: it must only signal (e.g. wake a peer job), never block or write.
     */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Runs {@code work} in one read-only transaction, without the write lock. */
    public <T> T read(TxWork<T> work) {
        return run(work, true);
    }

    private <T> T run(TxWork<T> work, boolean readOnly) {
        if (closed) {
            throw new StoreException("store at " + dataDir + " is closed");
        }
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            c.setReadOnly(readOnly);
            try {
                T result = work.apply(new Tx(c, seqs, v2Ids));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("transaction on " + dataDir + " failed: " + Sql.firstLine(e.getMessage())
                    + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Shuts the database down cleanly; later calls do nothing. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (!closed) {
                closed = true;
                shutdown();
                v2Ids.forget();
                LOG.info("store at {} closed", dataDir);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void shutdown() {
        try {
            DriverManager.getConnection(url + ";shutdown=true").close();
        } catch (SQLException e) {
            // 08006 is Derby's normal answer to a database shutdown; XJ004: it was never booted
            if (!"08006".equals(e.getSQLState()) && !"XJ004".equals(e.getSQLState())) {
                LOG.warn("shutting down the database at {} failed: {}", dataDir, e.getMessage());
            }
        }
    }

    private static StoreException openError(Path dir, SQLException e) {
        Throwable t = e;
        for (int depth = 0; depth < 20 && t != null; depth++, t = next(t)) {
            if (t instanceof SQLException s && "XSDB6".equals(s.getSQLState())) {
                return new StoreException("data folder " + dir + " is in use by another meshchat-syncml"
                        + " server; stop it or choose another --data DIR", e);
            }
        }
        Throwable root = e;
        for (int depth = 0; depth < 20 && next(root) != null; depth++) {
            root = next(root);
        }
        return new StoreException("data folder " + dir + " holds a database that cannot be opened (corrupt?): "
                + Sql.firstLine(root.getMessage()) + "; see " + System.getProperty("derby.stream.error.file")
                + ", restore a backup or choose another --data DIR", e);
    }

    /** Derby nests its reasons in both getNextException and getCause. */
    private static Throwable next(Throwable t) {
        if (t instanceof SQLException s && s.getNextException() != null) {
            return s.getNextException();
        }
        return t.getCause();
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.toString();
    }
}
