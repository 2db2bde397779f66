package meshchat.syncml.engine;

import static meshchat.syncml.engine.NoteClient.alert;
import static meshchat.syncml.engine.NoteClient.hdr;
import static meshchat.syncml.engine.NoteClient.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message re-sent while its first copy is still being answered (the client gave up on a slow
 * connection) gets that answer once it is ready, not a refusal or a new session.
 */
class ResendInFlightTest {
    @TempDir
    static Path dir;
    static Store store;
    static SyncServer server;

    @BeforeAll
    static void open() {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            return null;
        });
        server = new SyncServer(store, ServerConfig.defaults("node-s"), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static SyncMessage msg(int msgId, List<Command> commands) throws Exception {
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, "1", Integer.toString(msgId), Location.of(NoteClient.ENDPOINT),
                new Location("resend-dev", "memo"), null, false, msgId == 1 ? NoteClient.basic("memo", "memo-pw") : null,
                MetInf.EMPTY.withMaxMsgSize(100_000L));
        return SyncMLCodec.decode(SyncMLCodec.encode(new SyncMessage(h, commands, true), Encoding.XML), Encoding.XML);
    }

    private static SyncMessage copy(SyncMessage m) throws Exception {
        return SyncMLCodec.decode(SyncMLCodec.encode(m, Encoding.XML), Encoding.XML);
    }

    @Test
    void aCopyArrivingWhileTheFirstIsAnsweredGetsTheSameReply() throws Exception {
        ToIntFunction<SyncMessage> size = m -> SyncMLCodec.encode(m, Encoding.XML).length;
        SyncMessage p2 = server.handle(msg(1, List.of(alert("201", "notes", null, "A1"))), null, NoteClient.ENDPOINT,
                Encoding.XML, size, "127.0.0.9");
        assertEquals("212", hdr(p2));
        SyncMessage m2 = msg(2, List.of(sync("notes", List.of(NoteClient.add(10, "c1", "text/plain", null, "hello")))));
        CountDownLatch inReply = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<SyncMessage> first = new AtomicReference<>();
        Thread a = new Thread(() -> first.set(server.handle(m2, null, NoteClient.ENDPOINT, Encoding.XML, m -> {
            inReply.countDown();
            try {
                release.await(20, TimeUnit.SECONDS); // the first copy's reply is slow (a slow radio host)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return size.applyAsInt(m);
        }, "127.0.0.9")));
        a.start();
        assertTrue(inReply.await(20, TimeUnit.SECONDS));
        // the client gave up on the first connection and re-sends the very same message
        AtomicReference<SyncMessage> second = new AtomicReference<>();
        SyncMessage resent = copy(m2);
        Thread b = new Thread(() -> second.set(server.handle(resent, null, NoteClient.ENDPOINT, Encoding.XML, size,
                "127.0.0.9")));
        b.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (b.getState() != Thread.State.BLOCKED && b.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5); // until the copy waits for the first one (or, on the old code, was answered already)
        }
        release.countDown();
        a.join(20_000);
        b.join(20_000);
        SyncMessage again = second.get();
        assertEquals("200", hdr(again), "the re-sent copy is answered as the first (SyncHdr status), not refused: " + again);
        assertEquals(first.get(), again, "the re-sent copy gets the first copy's reply");
    }

    /** Only the very message is replayed: another one under the client's last MsgID is not answered with its reply. */
    @Test
    void anotherMessageUnderTheLastMsgIdIsNotTakenForAReSend() throws Exception {
        ToIntFunction<SyncMessage> size = m -> SyncMLCodec.encode(m, Encoding.XML).length;
        SyncMessage m1 = msg(1, List.of(alert("201", "notes", null, "B1")));
        SyncMessage first = server.handle(m1, null, NoteClient.ENDPOINT, Encoding.XML, size, "127.0.0.10");
        assertEquals("212", hdr(first));
        assertEquals(first, server.handle(msg(1, m1.commands()), null, NoteClient.ENDPOINT, Encoding.XML, size,
                "127.0.0.10"), "the same message again: the same reply");
        SyncMessage other = server.handle(msg(1, List.of(alert("200", "notes", "B1", "B2"))), null,
                NoteClient.ENDPOINT, Encoding.XML, size, "127.0.0.10");
        assertTrue(!first.equals(other), "a different message under MsgID 1 is not replayed");
    }
}
