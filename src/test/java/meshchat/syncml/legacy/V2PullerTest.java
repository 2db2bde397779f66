package meshchat.syncml.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.store.Store;

/** One v2 peer pulled the way v2's sync daemon pulls, against a fake peer on 127.0.0.1. */
class V2PullerTest {

    static final String CAPTURED_LINE = V2Format.lines(Golden.bytes("messages_raw.body")).get(0);

    @TempDir
    Path dir;
    Store store;
    TestClock clock = new TestClock(Golden.CAPTURE_EPOCH);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    V2Db db;
    V2Users users = new V2Users("node-t", "pi");
    V2SyncStatus status = new V2SyncStatus();
    FakeV2Peer peer;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir);
        db = new V2Db(store, clock);
        peer = new FakeV2Peer();
    }

    @AfterEach
    void close() throws Exception {
        peer.close();
        store.close();
    }

    V2Puller puller(FakeV2Peer p) {
        // a retention longer than the lines' small test epochs are old (retentionKeepsOldLinesOut tests it)
        return new V2Puller(p.uri(), http, store, clock, db, users, status, "node-t", V2Puller.REQUEST_TIMEOUT,
                java.time.Duration.ofDays(100 * 365));
    }

    List<Message> stored() {
        return store.read(tx -> tx.newest(1000, null, null));
    }

    static String line(String id, long epoch, String text) {
        return id + "\t" + epoch + "\t" + text + "\tK1ABC\tnode-b\tnode\t";
    }

    @Test
    void aNodeThatDripsItsAnswerFailsThePollAtTheDeadline() throws Exception {
        // headers at once, then a byte a second of 1,000: the request's own timeout covers only the headers
        try (java.net.ServerSocket drip = new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.2"))) {
            Thread server = new Thread(() -> {
                while (!drip.isClosed()) {
                    try (java.net.Socket s = drip.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        java.io.OutputStream out = s.getOutputStream();
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        for (int i = 0; i < 1000; i++) {
                            out.write('1');
                            out.flush();
                            Thread.sleep(1_000);
                        }
                    } catch (java.io.IOException | InterruptedException stopped) {
                        // the puller gave up on it, or the test ended
                    }
                }
            }, "drip");
            server.setDaemon(true);
            server.start();
            URI uri = URI.create("http://127.0.0.2:" + drip.getLocalPort());
            V2Puller puller = new V2Puller(uri, http, store, clock, db, users, status, "node-t", java.time.Duration.ofSeconds(2),
                    LegacyConfig.DEFAULT_RETENTION);
            V2Puller.Result r = puller.poll();
            assertEquals(V2Puller.Outcome.FAILED, r.outcome(), r.toString());
            assertTrue(r.error().contains("no whole answer within 2 s"), r.error());
        }
    }

    @Test
    void aLineOlderThanTheTombstoneRetentionIsNotImported() {
        // its purge, if any, may have been pruned: a message purged here must not come back
        long now = Golden.CAPTURE_EPOCH;
        peer.lines = List.of(line("0000000a", now - 400L * 86_400, "purged long ago, tombstone pruned"),
                line("0000000b", now - 300L * 86_400, "old but within the retention"));
        V2Puller puller = new V2Puller(peer.uri(), http, store, clock, db, users, status, "node-t",
                V2Puller.REQUEST_TIMEOUT, LegacyConfig.DEFAULT_RETENTION);
        V2Puller.Result r = puller.poll();
        assertEquals(1, r.imported());
        assertEquals(Map.of(V2Format.Reject.PAST_RETENTION, 1), r.rejected());
        assertEquals(List.of("old but within the retention"), stored().stream().map(Message::text).toList());
    }

    @Test
    void ofAFileOfMoreThan500NewLinesOnlyTheNewest500AreImported() {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            lines.add(line(String.format("%08x", 0x1000 + i), Golden.CAPTURE_EPOCH - 10_000 + i, "line " + i));
        }
        peer.lines = lines;
        V2Puller.Result r = puller(peer).poll();
        assertEquals(V2Puller.Outcome.IMPORTED, r.outcome());
        assertEquals(500, r.imported());
        assertEquals(Map.of(V2Format.Reject.OVER_CAP, 100), r.rejected());
        List<Message> kept = store.read(tx -> tx.newest(1000, null, null));
        assertEquals(500, kept.size());
        assertEquals("line 100", kept.get(kept.size() - 1).text(), "the oldest 100 were left out");
        assertEquals("line 599", kept.get(0).text());
    }

    @Test
    void theCapturedLineIsImportedWithItsIdAndStatusIsRecorded() {
        peer.lines = List.of(CAPTURED_LINE);
        V2Puller.Result r = puller(peer).poll();
        assertEquals(V2Puller.Outcome.IMPORTED, r.outcome());
        assertEquals(List.of(Golden.CAPTURED), stored());
        assertEquals(Golden.CAPTURE_EPOCH, status.peer(peer.uri().getRawAuthority()).lastGood());
        assertEquals(CAPTURED_LINE + "\n", new String(db.current().body()), "served back byte for byte");
    }

    @Test
    void theVersionIsCheckedFirstAndTheFileDownloadedOnlyWhenItChanged() {
        peer.lines = List.of(line("0000000a", 100, "one"));
        V2Puller puller = puller(peer);
        puller.poll();
        assertEquals(1, peer.hits("messages_raw"));
        for (int i = 0; i < 3; i++) {
            assertEquals(V2Puller.Outcome.UNCHANGED, puller.poll().outcome());
        }
        assertEquals(4, peer.hits("messages_version"));
        assertEquals(1, peer.hits("messages_raw"), "unchanged version: no download");
        peer.lines = List.of(line("0000000a", 100, "one"), line("0000000b", 101, "two"));
        assertEquals(1, puller.poll().imported());
        assertEquals(2, peer.hits("messages_raw"));
    }

    @Test
    void aPeerWhoseVersionEqualsOursIsNotDownloadedEvenOnTheFirstPoll() {
        Message m = Message.create("0000000a", 100, "one", "K1ABC", "node-b", "node", "");
        store.write(tx -> tx.addMessage(m, "test"));
        peer.lines = List.of(V2Format.line(m));
        assertEquals(V2Puller.Outcome.UNCHANGED, puller(peer).poll().outcome());
        assertEquals(0, peer.hits("messages_raw"));
    }

    @Test
    void theSameLineFromTwoPeersIsStoredOnce() throws Exception {
        try (FakeV2Peer other = new FakeV2Peer()) {
            peer.lines = List.of(CAPTURED_LINE, line("0000000a", 100, "one"));
            other.lines = List.of(CAPTURED_LINE, line("0000000b", 100, "two"));
            assertEquals(2, puller(peer).poll().imported());
            assertEquals(1, puller(other).poll().imported());
            assertEquals(3, stored().size());
        }
    }

    @Test
    void aBodyWhoseContentMd5IsWrongOrMissingIsIgnored() {
        peer.lines = List.of(line("0000000a", 100, "one"));
        peer.md5 = "0123456789abcdef0123456789abcdef";
        assertEquals(V2Puller.Outcome.BAD_MD5, puller(peer).poll().outcome());
        peer.md5 = "";
        assertEquals(V2Puller.Outcome.BAD_MD5, puller(peer).poll().outcome());
        assertEquals(List.of(), stored());
        peer.md5 = null;
        assertEquals(1, puller(peer).poll().imported());
    }

    /**
     * A hostile node's oversized file (3 MB, where a real one is ~25 KB) is refused whole before
     * it is parsed: nothing imported, a clear error. 16 MB of lines exhausted a 64 MB heap.
     */
    @Test
    void aFileLargerThanTheCapIsRefusedWithoutImportingAnything() {
        List<String> lines = new java.util.ArrayList<>();
        String text = "y".repeat(4_000);
        long bytes = 0;
        for (int i = 0; bytes <= 3_000_000L; i++) {
            lines.add(line(String.format("%08x", 0x100 + i), 100 + i, text + i));
            bytes += lines.get(i).length() + 1;
        }
        peer.lines = lines;
        V2Puller.Result r = puller(peer).poll();
        assertEquals(V2Puller.Outcome.FAILED, r.outcome());
        assertTrue(r.error().contains("larger than " + V2Puller.MAX_BODY), r.error());
        assertEquals(List.of(), stored());
        peer.lines = lines.subList(0, 100); // the same lines within the cap are imported
        assertEquals(100, puller(peer).poll().imported());
    }

    @Test
    void nonHexIdsBadEpochsAndLinesThirtyDaysAheadAreDropped() {
        long ahead = clock.epoch() + 30L * 24 * 60 * 60;
        peer.lines = List.of(line("1.0831443016181E+19", 100, "php id"), line("ABCDEF12", 100, "upper"),
                line("0000000c", ahead, "spam from the future"), line("0000000d", ahead - 1, "soon"),
                "0000000e\tnot-a-number\tx\tK\tn\tnode\t", line("0000000f", 100, "fine"));
        V2Puller.Result r = puller(peer).poll();
        assertEquals(2, r.imported());
        assertEquals(Map.of(V2Format.Reject.ID, 2, V2Format.Reject.FUTURE, 1, V2Format.Reject.EPOCH, 1), r.rejected());
        assertEquals(List.of("0000000d", "0000000f"), stored().stream().map(Message::v2Id).toList());
    }

    @Test
    void collidingIdsWithDifferentTextStayTwoMessages() {
        peer.lines = List.of(line("87da927c", 100, "first"), line("87da927c", 100, "second"));
        assertEquals(2, puller(peer).poll().imported());
        assertEquals(2, store.read(tx -> tx.messagesByV2Id("87da927c")).size());
    }

    @Test
    void purgedMessageIsNeverReimportedFromV2() {
        peer.lines = List.of(CAPTURED_LINE);
        V2Puller puller = puller(peer);
        puller.poll();
        store.write(tx -> tx.purge(Golden.CAPTURED.id(), "root", Instant.EPOCH));
        for (int round = 0; round < 3; round++) {
            // the peer changes (a new line); in the last round a restarted bridge pulls it afresh
            peer.lines = List.of(CAPTURED_LINE, line(String.format("0000010%d", round), 200 + round, "new " + round));
            assertEquals(1, (round < 2 ? puller : puller(peer)).poll().imported());
        }
        assertTrue(store.read(tx -> tx.messagesByV2Id("76363d85")).isEmpty());
        assertEquals(3, stored().size());
        assertEquals(4, peer.hits("messages_raw"), "each round downloaded the file that still holds it");
    }

    @Test
    void echoesOfOurLossyLinesAreNeverImportedEvenAfterPurge() {
        // born here with a TAB: its v2 line reads back as another text, so another GUID
        Message tabbed = Message.create("0000abcd", 100, "col1\tcol2", "N0CALL", "node-t", "pi", "");
        store.write(tx -> tx.addMessage(tabbed, "api:alice"));
        String ourLine = new String(db.current().body()).strip(); // serving it records the alias
        peer.lines = List.of(ourLine, line("00000001", 50, "other"));
        assertEquals(1, puller(peer).poll().imported());
        store.write(tx -> tx.purge(tabbed.id(), "root", Instant.EPOCH));
        peer.lines = List.of(ourLine, line("00000001", 50, "other"), line("00000002", 51, "more"));
        assertEquals(1, puller(peer).poll().imported());
        assertTrue(store.read(tx -> tx.messagesByV2Id("0000abcd")).isEmpty());
    }

    @Test
    void anEmptyFileIsIgnoredAsV2IgnoresIt() {
        store.write(tx -> tx.addMessage(Message.create("0000000a", 100, "ours", "K", "n", "pi", ""), "test"));
        peer.lines = List.of(); // version 0 is not ours, so the (empty) file is fetched
        assertEquals(V2Puller.Outcome.EMPTY, puller(peer).poll().outcome());
        assertEquals(1, peer.hits("messages_raw"));
    }

    @Test
    void aPeerAnswering404IsLeftAloneForTenMinutes() {
        peer.notMeshChat = true;
        V2Puller puller = puller(peer);
        assertEquals(V2Puller.Outcome.FAILED, puller.poll().outcome());
        peer.notMeshChat = false;
        peer.lines = List.of(line("0000000a", 100, "one"));
        clock.set(clock.epoch() + 599);
        assertEquals(V2Puller.Outcome.BACKING_OFF, puller.poll().outcome());
        clock.set(clock.epoch() + 1);
        assertEquals(V2Puller.Outcome.IMPORTED, puller.poll().outcome());
    }

    @Test
    void remoteUsersAreMergedAndTheLargerEpochWins() {
        peer.users = List.of("K1ABC\tq1w2e\tnode-b\t1795658600\tnode");
        puller(peer).poll();
        peer.users = List.of("K1ABC\tq1w2e\tnode-b\t1795658500\tnode", "W1XYZ\tzzzzz\tnode-b\t1795658650\tnode");
        peer.lines = List.of(line("0000000a", 100, "bump"));
        puller(peer).poll();
        assertEquals(List.of("W1XYZ/1795658650", "K1ABC/1795658600"),
                users.all().stream().map(u -> u.callSign() + "/" + u.epoch()).toList());
    }
}
