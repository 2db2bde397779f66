package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;

/**
 * The change seq counter (store.SeqCounter): increasing across a rollback, a store reopen, and a
 * kill -9 of a real writing JVM; what was committed is all there, and new seqs are above it.
 */
class SeqCounterTest {
    @TempDir
    Path dir;

    @Test
    void aRolledBackSeqIsNotHandedOutAgainAndSeqsGrowAcrossAReopen() {
        long first;
        long drawn;
        long afterRollback;
        try (Store store = Store.open(dir)) {
            first = store.write(tx -> tx.addMessage(StoreTest.msg("0000000a", 100, "a", ""), "t"));
            long[] inRollback = new long[1];
            assertThrows(IllegalStateException.class, () -> store.write(tx -> {
                inRollback[0] = tx.addMessage(StoreTest.msg("0000000b", 100, "b", ""), "t");
                throw new IllegalStateException("roll back");
            }));
            drawn = inRollback[0];
            assertTrue(drawn > first);
            assertEquals(first, (long) store.<Long>read(Tx::lastSeq), "the rolled back seq was never committed");
            afterRollback = store.write(tx -> tx.hide("alice", StoreTest.msg("0000000a", 100, "a", "").id()));
            assertTrue(afterRollback > drawn, "not reused after a rollback: " + afterRollback + " > " + drawn);
        }
        try (Store store = Store.open(dir)) {
            assertEquals(afterRollback, (long) store.<Long>read(Tx::lastSeq));
            long next = store.write(tx -> tx.addMessage(StoreTest.msg("0000000c", 100, "c", ""), "t"));
            long purge = store.write(tx -> tx.purge(StoreTest.msg("0000000c", 100, "c", "").id(), "root", Instant.EPOCH));
            assertTrue(next > afterRollback && purge > next, "after a reopen: " + afterRollback + " < " + next + " < " + purge);
        }
    }

    @Test
    void afterAKillOfTheWritingJvmEveryCommittedChangeIsThereAndNewSeqsAreAboveIt() throws Exception {
        Path data = dir.resolve("data");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SeqWriterProbe.class.getName(), data.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        long lastCommitted = 0;
        int commits = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (commits < 20 && (line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    long seq = Long.parseLong(line.substring("committed ".length()));
                    assertTrue(seq > lastCommitted, "increasing in the writer: " + seq + " after " + lastCommitted);
                    lastCommitted = seq;
                    commits++;
                }
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook, Derby not shut down, likely mid-transaction
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the writer did not die");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(20, commits, "the writer committed");
        long finalCommitted = lastCommitted;
        try (Store store = Store.open(data)) {
            long last = store.read(Tx::lastSeq);
            assertTrue(last >= finalCommitted, "every commit it reported is there: " + last + " >= " + finalCommitted);
            List<Change> log = store.read(tx -> tx.changesSince(0, 100_000));
            for (int i = 1; i < log.size(); i++) {
                assertTrue(log.get(i).seq() > log.get(i - 1).seq(), "one seq per change");
            }
            assertEquals(last, log.get(log.size() - 1).seq());
            long next = store.write(tx -> tx.addMessage(StoreTest.msg("0000000a", 100, "after the kill", ""), "t"));
            Message later = StoreTest.msg("0000000b", 100, "and a purge", "");
            long purge = store.write(tx -> {
                tx.addMessage(later, "t");
                return tx.purge(later.id(), "root", Instant.EPOCH);
            });
            assertTrue(next > last && purge > next, "new seqs above every committed one: " + last + " < " + next + " < " + purge);
            assertEquals(List.of(Change.Kind.ADD, Change.Kind.PURGE),
                    store.read(tx -> tx.changesSince(last, 10)).stream().map(Change::kind).toList());
        }
    }
}
