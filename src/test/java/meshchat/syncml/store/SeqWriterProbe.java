package meshchat.syncml.store;

import java.nio.file.Path;
import java.time.Instant;

import meshchat.syncml.chat.Message;

/**
 * Run in a second JVM by {@link SeqCounterTest}: writes to the store in {@code args[0]} until it
 * is killed, printing "committed SEQ" after each commit (a message, then every tenth write a purge
 * or a hide), and between them a transaction that draws a seq and rolls back.
 */
public final class SeqWriterProbe {

    private SeqWriterProbe() {
    }

    public static void main(String[] args) {
        Store store = Store.open(Path.of(args[0]));
        for (int i = 0; ; i++) {
            int n = i;
            Message m = Message.create(String.format("7%07x", n), 1_700_000_000L + n / 50, "probe " + n, "K1P", "p", "pi", "");
            long seq = store.write(tx -> {
                long s = tx.addMessage(m, "probe");
                if (n % 10 == 5) {
                    return tx.purge(m.id(), "probe", Instant.EPOCH);
                }
                if (n % 10 == 7) {
                    return tx.hide("someone", m.id());
                }
                return s;
            });
            System.out.println("committed " + seq);
            System.out.flush();
            try {
                store.write(tx -> {
                    tx.addMessage(Message.create(String.format("6%07x", n), 1, "rolled back", "K1P", "p", "pi", ""), "probe");
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // the seq it drew is never used again in this process
            }
        }
    }
}
