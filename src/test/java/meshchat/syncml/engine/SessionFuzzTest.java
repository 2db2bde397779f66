package meshchat.syncml.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.MalformedMessageException;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.Store;

/**
 * Fuzzes the session engine: a fuzzer-chosen sequence of client messages (built as models by
 * {@link FuzzClient}, put on the wire and read back by our codec as the endpoint does) goes
 * through the real {@link SyncServer} over a real Derby store. Every reply must be readable by
 * our own decoder in its encoding and no larger, encoded, than the MaxMsgSize the client last
 * declared in that session; WBXML replies must also be accepted by libwbxml2 (every reply when
 * replaying the Inputs directory, every 25th WBXML reply while fuzzing: it costs a process).
 *
 * <p>Each input gets its own account and devices, and the messages it stored are purged when it
 * ends, so every input meets the same baseline (40 short messages and one 24 KB memo) and a
 * finding replays alone.
 *
 * <p>Findings kept in SessionFuzzTestInputs/session (Jazzer's names): {@code crash-d7fd9025...}
 * is a WBXML session with MaxMsgSize 1850 whose reply (three DevInf Results and a Sync) was
 * about 25.6 KB (issue 7, item 4: replies were not fitted to MaxMsgSize); {@code crash-62bfad91...}
 * was a finding of this test's own oracle: after a 401 challenge the client starts a new session
 * whose first message declares no MaxMsgSize, so the server may use its own (1,000,000) while the
 * test still held the refused session's 4000; {@code crash-a0ae7685...} was one too: a message our
 * codec refuses (so the server answers HTTP 400 and never reads it) declared MaxMsgSize 1850, and the
 * test held the next reply to it while the server, rightly, still used the 4000 it had received;
 * {@code noresp-header-empty-reply} is a NoResp SyncHdr with no
 * commands, answered with an empty SyncBody (decodes; kept as a seed).
 */
class SessionFuzzTest {
    private static final AtomicInteger INPUTS = new AtomicInteger();
    private static final AtomicInteger WBXML_REPLIES = new AtomicInteger();
    private static final AtomicInteger REPLIES = new AtomicInteger();
    private static final AtomicInteger LIBWBXML2_CHECKS = new AtomicInteger();
    private static final String OVERSIZE_LOG = System.getProperty("fuzz.session.oversizeLog");
    private static Store store;
    private static SyncServer server;
    private static Path scratch;
    private static Path wbxml2xml;

    private static synchronized void setUp() throws Exception {
        if (store != null) {
            return;
        }
        Path root = Files.createDirectories(Path.of("target", "fuzz-session"));
        scratch = Files.createTempDirectory(root, "run");
        store = Store.open(scratch.resolve("data"));
        store.write(tx -> {
            for (int i = 0; i < 40; i++) {
                tx.addMessage(Message.create(String.format("%08x", 0x1000 + i), 1_790_000_000L + i,
                        "baseline " + i + " Grüße ✓", "K" + i, "node-b", "pi", i % 3 == 0 ? "Emcomm" : ""), "fuzz-baseline");
            }
            tx.addMessage(Message.create("0000beef", 1_790_000_100L, "memo ".repeat(4_800), "KMEMO", "node-b", "pi", ""),
                    "fuzz-baseline");
            return null;
        });
        server = new SyncServer(store, new ServerConfig("node-fuzz", "meshchat", "", 1_000_000, 4_000_000,
                Duration.ofMinutes(5)), Clock.systemUTC());
        wbxml2xml = Libwbxml2.find();
        Runtime.getRuntime().addShutdownHook(new Thread(SessionFuzzTest::tearDown));
    }

    private static void tearDown() {
        System.err.printf("SessionFuzzTest: %d inputs, %d replies checked, %d WBXML replies, %d of them by libwbxml2%n",
                INPUTS.get(), REPLIES.get(), WBXML_REPLIES.get(), LIBWBXML2_CHECKS.get());
        try {
            store.close();
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (Exception e) {
            System.err.println("could not remove " + scratch + ": " + e);
        }
    }

    @FuzzTest(maxDuration = "50s")
    void session(FuzzedDataProvider in) throws Exception {
        setUp();
        int n = INPUTS.incrementAndGet();
        String fuzzing = System.getenv("JAZZER_FUZZ");
        boolean everyReply = fuzzing == null || fuzzing.isEmpty(); // replaying Inputs: check every WBXML reply
        String user = "fz" + n;
        store.write(tx -> {
            tx.putAccount(Account.withPassword(user, "pw", false, "FZ" + n));
            return null;
        });
        long before = store.read(tx -> tx.lastSeq());
        try {
            int sessions = in.consumeInt(1, 2);
            FuzzClient first = new FuzzClient(in, "fz-" + n + "-a", user, "pw");
            FuzzClient client = first;
            for (int k = 0; k < sessions && in.remainingBytes() > 0; k++) {
                if (k > 0 && in.consumeBoolean()) {
                    client = new FuzzClient(in, "fz-" + n + "-b", user, "pw"); // another device of the same user
                }
                runSession(client, in, everyReply);
            }
        } finally {
            purgeSince(before);
        }
    }

    private void runSession(FuzzClient c, FuzzedDataProvider in, boolean everyReply) throws Exception {
        c.newSession();
        Long bound = null;
        SyncMessage previous = null;
        int messages = in.consumeInt(1, 8);
        for (int i = 0; i < messages && in.remainingBytes() > 0; i++) {
            SyncMessage out = c.next(previous);
            // the bound is what the client declared in a message the server received: one our codec
            // refuses (HTTP 400) never tells the server its MaxMsgSize
            Long declared = out.header().meta() != null && out.header().meta().maxMsgSize() != null
                    ? out.header().meta().maxMsgSize() : bound;
            SyncMessage reply = exchange(c, out, declared, everyReply);
            if (reply == null) {
                continue; // the endpoint would have answered HTTP 400: our own codec refused the request
            }
            bound = declared;
            // no header status when the client asked for NoResp (the body may then be empty)
            Status hdr = reply.commands().isEmpty() || !(reply.commands().get(0) instanceof Status st) ? null : st;
            if (hdr != null && (hdr.code() == 401 || hdr.code() == 407) && hdr.chal() != null && hdr.chal().nextNonce() != null) {
                c.nonce = hdr.chal().nextNonce(); // like SyncEvolution: retry with a credential on the new nonce
                c.restart();
                previous = null;
                bound = null; // a new session: the MaxMsgSize of the refused one does not carry over
                continue;
            }
            if (reply.header().respUri() != null) {
                c.respUri = reply.header().respUri();
            }
            previous = reply;
        }
    }

    /** One request/reply on the wire, with every property of the reply checked. Null: request refused by the codec. */
    private SyncMessage exchange(FuzzClient c, SyncMessage out, Long bound, boolean everyReply) throws Exception {
        Encoding enc = c.encoding;
        SyncMessage request;
        try {
            request = SyncMLCodec.decode(SyncMLCodec.encode(out, enc), enc);
        } catch (MalformedMessageException | IllegalStateException e) {
            return null; // a model our codec cannot put on the wire or read back never reaches the engine
        }
        SyncMessage reply = server.handle(request, c.token(), FuzzClient.ENDPOINT, enc,
                m -> SyncMLCodec.encode(m, enc).length);
        byte[] bytes = SyncMLCodec.encode(reply, enc);
        REPLIES.incrementAndGet();
        try {
            SyncMLCodec.decode(bytes, enc);
        } catch (MalformedMessageException e) {
            throw new AssertionError("our own decoder rejects our " + enc + " reply: " + e.getMessage()
                    + "\n" + preview(bytes, enc), e);
        }
        if (bound != null && bytes.length > bound) {
            String finding = enc + " reply of " + bytes.length + " bytes exceeds the client's MaxMsgSize "
                    + bound + " (" + summary(reply) + ")";
            if (OVERSIZE_LOG == null) {
                throw new AssertionError(finding);
            }
            // exploring past this known finding: -Dfuzz.session.oversizeLog=FILE records it instead
            Files.writeString(Path.of(OVERSIZE_LOG), finding + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        if (enc == Encoding.WBXML && wbxml2xml != null && (WBXML_REPLIES.incrementAndGet() % 25 == 0 || everyReply)) {
            LIBWBXML2_CHECKS.incrementAndGet();
            String why = Libwbxml2.reject(wbxml2xml, bytes, scratch);
            if (why != null) {
                throw new AssertionError("libwbxml2 rejects our WBXML reply: " + why + "\n" + preview(bytes, enc));
            }
        }
        return reply;
    }

    private static String summary(SyncMessage m) {
        StringBuilder b = new StringBuilder();
        for (Command c : m.commands()) {
            b.append(c.kind().element).append(c.items().isEmpty() ? "" : "[" + c.items().size() + "]").append(' ');
        }
        return b.toString().trim();
    }

    private static String preview(byte[] bytes, Encoding enc) {
        String s = enc == Encoding.XML ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : java.util.HexFormat.of().formatHex(bytes);
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }

    /** Purges what this input stored, so the next input meets the baseline again. */
    private static void purgeSince(long seq) {
        store.write(tx -> {
            List<Change> changes = tx.changesSince(seq, 100_000);
            for (Change ch : changes) {
                if (ch.kind() == Change.Kind.ADD) {
                    tx.purge(ch.id(), "fuzz-cleanup", Instant.now());
                }
            }
            return null;
        });
    }
}
