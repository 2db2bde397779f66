package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package 4 of a slow sync is read page by page as the replies go out (UnmappedFeed). A message
 * that arrives meanwhile with an older posting time (as a v2 node's or a peer's does) lands below
 * the scan's cursor: every message counted at the start must still reach the client. (Review
 * finding: the scan used to stop on that count, which left the oldest counted message unsent
 * while the saved seq said it was sent.)
 */
class FeedArrivalTest {
    @TempDir
    Path data;

    @Test
    void aMessageArrivingBelowTheCursorDoesNotCostTheOldestCountedOne() throws Exception {
        Set<String> counted = new HashSet<>();
        try (SyncEndpoint endpoint = SyncEndpoint.start(data)) {
            endpoint.store.write(tx -> {
                for (int i = 0; i < 1_000; i++) {
                    Message m = Message.create(String.format("%08x", i + 1), 1_000_000L + 10L * i,
                            "counted message " + i + " " + "x".repeat(90), "K1OLD", "node-a", "pi", "");
                    tx.addMessage(m, "test");
                    counted.add(m.id().value());
                }
                return null;
            });
            TestSyncClient c = new TestSyncClient(endpoint.url, "dev-feed", "alice", "secret");
            c.maxMsgSize = 4_096;
            c.newSession();
            SyncMessage r = c.send(List.of(ReplySizeTest.alert("201", "F1")), true);
            for (int i = 0; !r.fin(); i++) {
                assertTrue(i < 20, "no Final after the Alert");
                r = c.send(List.of(ReplySizeTest.next()), false);
            }
            Set<String> received = new HashSet<>();
            r = c.send(List.of(ReplySizeTest.sync(List.of())), true);
            collect(r, received);
            assertTrue(!r.fin() && received.size() < 500, "package 4 must span many replies; got " + received.size());
            // between two replies of package 4: a v2 node's message between the two oldest counted ones
            endpoint.store.write(tx -> tx.addMessage(Message.create("0badc0de", 1_000_005L, "late arrival from a v2 node",
                    "K1LATE", "node-v2", "pi", ""), "v2:http://127.0.0.2"));
            for (int i = 0; !r.fin(); i++) {
                assertTrue(i < 400, "no Final after " + i + " exchanges");
                r = c.send(List.of(ReplySizeTest.next()), false);
                collect(r, received);
            }
            Set<String> missing = new HashSet<>(counted);
            missing.removeAll(received);
            assertTrue(missing.isEmpty(), missing.size() + " counted messages never sent, e.g. " + missing.stream().findFirst());
        }
    }

    private static void collect(SyncMessage r, Set<String> received) {
        for (Command cmd : r.commands()) {
            if (cmd instanceof Sync s) {
                for (Command x : s.commands()) {
                    ItemCommand ic = (ItemCommand) x;
                    if (ic.kind() == Command.Kind.ADD) {
                        ic.items().forEach(item -> received.add(item.source().uri()));
                    }
                }
            }
        }
    }
}
