package meshchat.syncml.http;

import static meshchat.syncml.http.Cmds.hdr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.engine.LoginThrottle;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Put;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statuses carried to later replies (packed while they wait) and the server-wide budget of what
 * sessions hold between messages (security audit, finding 3), on the real endpoint.
 */
class CarriedStatusesTest {
    @TempDir
    Path data;

    private static List<Command> puts(int n, int alertAt) {
        List<Command> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(i == alertAt ? ReplySizeTest.alert("200", "N1").withCmdId(Integer.toString(i))
                    : new Put(Integer.toString(i), false, null, List.of()));
        }
        return out;
    }

    /** Statuses citing message 1 in the replies up to Final (Alert 222 asks for the rest). */
    private static List<Status> drain(TestSyncClient c, SyncMessage first) throws Exception {
        List<Status> got = new ArrayList<>();
        SyncMessage r = first;
        for (int i = 0; ; i++) {
            for (Status s : TestSyncClient.statuses(r)) {
                if ("1".equals(s.msgRef()) && !"SyncHdr".equals(s.cmd())) {
                    got.add(s);
                }
            }
            if (r.fin() || !TestSyncClient.statuses(r).stream().anyMatch(s -> "1".equals(s.msgRef()) && !"SyncHdr".equals(s.cmd()))) {
                return got;
            }
            assertTrue(i < 2_000, "no end after 2,000 exchanges");
            r = c.send(List.of(ReplySizeTest.next()), false);
        }
    }

    private static void assertEveryStatusOnceInOrder(List<Status> got, int n, int alertAt) {
        assertEquals(n, got.size(), "one status per command of message 1");
        for (int i = 0; i < n; i++) {
            Status s = got.get(i);
            assertEquals(Integer.toString(i + 1), s.cmdRef(), "status " + i);
            assertEquals(i + 1 == alertAt ? "Alert" : "Put", s.cmd(), "status " + i);
        }
        Status alert = got.get(alertAt - 1);
        assertFalse(alert.items().isEmpty(), "the Alert's status keeps its anchor item through the carry");
    }

    @Test
    void statusesCarriedOverManySmallRepliesArriveOnceEachInOrder() throws Exception {
        try (SyncEndpoint endpoint = SyncEndpoint.start(data)) {
            TestSyncClient c = new TestSyncClient(endpoint.url, "dev-small", "alice", "secret");
            c.encoding = Encoding.WBXML;
            c.maxMsgSize = 4_096;
            c.newSession();
            SyncMessage first = c.send(puts(3_000, 1_501), false);
            assertEquals("212", hdr(first));
            assertFalse(first.fin());
            assertEveryStatusOnceInOrder(drain(c, first), 3_000, 1_501);
        }
    }

    @Test
    void aReplyHoldsAtMostTenThousandCommandsWhateverTheClientAllows() throws Exception {
        try (SyncEndpoint endpoint = SyncEndpoint.start(data)) {
            TestSyncClient c = new TestSyncClient(endpoint.url, "dev-big", "alice", "secret");
            c.encoding = Encoding.WBXML;
            c.maxMsgSize = 100_000_000;
            c.newSession();
            SyncMessage first = c.send(puts(25_000, 12_345), false);
            assertEquals("212", hdr(first));
            assertEquals(10_000, first.commands().size(), "the SyncHdr status and 9,999 more");
            assertEveryStatusOnceInOrder(drain(c, first), 25_000, 12_345);
        }
    }

    @Test
    void sessionsHoldingMoreThanTheBudgetAreEndedLargestFirst() throws Exception {
        ServerConfig.Guards small = new ServerConfig.Guards(100_000, 8, LoginThrottle.Settings.defaults(), 10_000,
                1_000_000);
        try (SyncEndpoint endpoint = SyncEndpoint.start(data, small)) {
            TestSyncClient a = new TestSyncClient(endpoint.url, "dev-a", "alice", "secret");
            TestSyncClient b = new TestSyncClient(endpoint.url, "dev-b", "alice", "secret");
            TestSyncClient quiet = new TestSyncClient(endpoint.url, "dev-q", "alice", "secret");
            for (TestSyncClient c : List.of(a, b, quiet)) {
                c.encoding = Encoding.WBXML;
                c.maxMsgSize = 100_000_000;
                c.newSession();
            }
            assertEquals("212", hdr(quiet.send(puts(10, 0), false)), "a small session, kept");
            assertEquals("212", hdr(a.send(puts(3_000, 0), false))); // ~600 KB of statuses kept for replay
            assertEquals("212", hdr(b.send(puts(3_000, 0), false))); // now over 1 MB: a, the largest other, ends

            a.password = null; // no Cred after message 1: a forgotten session cannot log in again
            String ended = hdr(a.send(List.of(ReplySizeTest.next()), false));
            assertTrue(ended.equals("401") || ended.equals("407"), "a's session was ended: " + ended);
            assertEquals("200", hdr(b.send(List.of(ReplySizeTest.next()), false)), "b's session goes on");
            assertEquals("200", hdr(quiet.send(List.of(ReplySizeTest.next()), false)), "the small one too");
            List<PrometheusText.Sample> metrics = MetricsScrapeTest.scrape(endpoint);
            assertEquals(1.0, PrometheusText.value(metrics, "meshchat_syncml_sessions_shed_total"));
            assertTrue(PrometheusText.value(metrics, "meshchat_syncml_sessions_retained_bytes") <= 1_000_000);
        }
    }
}
