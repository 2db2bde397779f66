package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.chat.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read transaction's {@link Tx#changesSince} reads messages (ADDs) and changes (PURGE, HIDE) in
 * two statements; a writer may commit between them. A reader that moves its position to the last
 * seq of a page must still see every change: no page may hold a change above one it lacks.
 */
class ChangeLogReadRaceTest {
    @TempDir
    Path dir;

    @Test
    void aWriteCommittedBetweenTheTwoReadsIsNotSkipped() throws Exception {
        try (Store store = Store.open(dir)) {
            Message x = StoreTest.msg("0000000a", 100, "x", "");
            Message z = StoreTest.msg("0000000c", 102, "z", "");
            long seqX = store.write(tx -> tx.addMessage(x, "t"));
            long seqZ = store.write(tx -> tx.addMessage(z, "t"));
            String url = "jdbc:derby:" + dir.toAbsolutePath().normalize().resolve("db");
            long[] committed = new long[2];
            List<Change> page;
            try (Connection raw = DriverManager.getConnection(url)) {
                raw.setAutoCommit(false);
                raw.setReadOnly(true);
                boolean[] fired = {false};
                Connection c = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {Connection.class}, (p, m, a) -> {
                            if (!fired[0] && m.getName().equals("prepareStatement")
                                    && ((String) a[0]).contains("FROM changes WHERE seq >")) {
                                fired[0] = true; // after the ADD read, before the PURGE/HIDE read
                                Message y = StoreTest.msg("0000000b", 101, "y", "");
                                committed[0] = store.write(tx -> tx.addMessage(y, "t"));
                                committed[1] = store.write(tx -> tx.hide("alice", x.id()));
                            }
                            try {
                                return m.invoke(raw, a);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                page = new Tx(c, SeqCounter.forDatabase(url), V2IdFilter.forDatabase(url)).changesSince(seqX, 100);
                raw.commit();
            }
            List<Long> seen = new ArrayList<>();
            page.forEach(ch -> seen.add(ch.seq()));
            long from = page.isEmpty() ? seqX : page.get(page.size() - 1).seq();
            store.read(tx -> tx.changesSince(from, 100)).forEach(ch -> seen.add(ch.seq()));
            assertEquals(List.of(seqZ, committed[0], committed[1]), seen,
                    "the first page, then the next from its last seq: every change once, in order");
        }
    }
}
