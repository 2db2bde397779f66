package meshchat.syncml.http;

import static meshchat.syncml.http.Cmds.alert;
import static meshchat.syncml.http.Cmds.hdr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Put;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One account's sessions against the real server in a JVM of -Xmx64m (security audit, finding
 * 3): eight devices each send a message of 95,000 empty Puts (under the command gate), half of
 * them allowing tiny replies (the statuses are carried to later replies), half allowing huge
 * ones (all statuses in the reply kept for replay). Before carried statuses were packed and
 * sessions' retained memory budgeted, the third or fourth session ran the server out of heap.
 */
class SmallHeapSessionsTest {
    private static final int PUTS = 95_000;

    @TempDir
    Path dir;

    @Test
    void oneAccountsEightSessionsOfHugeMessagesLeaveA64MbServerWorking() throws Exception {
        List<Command> puts = new ArrayList<>(PUTS);
        for (int i = 0; i < PUTS; i++) {
            puts.add(new Put(Integer.toString(i + 1), false, null, List.of()));
        }
        try (SmallHeapServer server = new SmallHeapServer(dir.resolve("data"))) {
            for (int d = 0; d < 8; d++) {
                TestSyncClient alice = new TestSyncClient(server.url, "dev-" + d, "alice", "secret");
                alice.encoding = Encoding.WBXML; // ~10 bytes a Put: 95,000 fit the 2 MB body limit
                alice.maxMsgSize = d % 2 == 0 ? 4_096 : 100_000_000;
                alice.newSession();
                SyncMessage reply;
                try {
                    reply = alice.send(puts, false);
                } catch (IllegalStateException e) {
                    throw new AssertionError("device " + d + ": " + e.getMessage().lines().findFirst().orElse("")
                            + "\n" + server.log(), e);
                }
                assertEquals("212", hdr(reply), "device " + d + " logged in and its message was answered");
            }
            TestSyncClient root = new TestSyncClient(server.url, "dev-root", "root", "admin");
            root.newSession();
            assertEquals("212", hdr(root.send(List.of(alert(201, null, "R1")), true)), "another user still logs in");
            assertFalse(server.log().contains("OutOfMemoryError"), server.log());
            // eight such sessions hold more than the default budget (an eighth of the heap): the largest were ended
            assertTrue(server.log().contains("sessions hold more than"), server.log());
        }
    }
}
