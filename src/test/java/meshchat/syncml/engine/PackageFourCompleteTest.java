package meshchat.syncml.engine;

import static meshchat.syncml.engine.NoteClient.alert;
import static meshchat.syncml.engine.NoteClient.hdr;
import static meshchat.syncml.engine.NoteClient.sync;
import static meshchat.syncml.engine.NoteClient.syncs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow sync's package 4 is read from the store a few replies ahead; Final must wait until the
 * whole of it went out, also when one reply empties what was read (a client allowing replies
 * larger than the read-ahead) or what was read is all over the client's MaxObjSize.
 */
class PackageFourCompleteTest {
    @TempDir
    Path dir;
    Store store;
    SyncServer server;
    int msgId;

    @AfterEach
    void close() {
        store.close();
    }

    /** {@code count} messages of {@code chars} characters, oldest first, then {@code shortOnes} older short ones. */
    private void open(int count, int chars, int shortOnes) {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            for (int i = 0; i < shortOnes; i++) {
                tx.addMessage(Message.create(String.format("%08x", 0x10000 + i), 1_600_000_000L + i, "short " + i,
                        "K1SRV", "node-s", "pi", ""), "api:test");
            }
            for (int i = 0; i < count; i++) {
                tx.addMessage(Message.create(String.format("%08x", 0x20000 + i), 1_700_000_000L + i,
                        "m" + i + " " + "x".repeat(chars), "K1SRV", "node-s", "pi", ""), "api:test");
            }
            return null;
        });
        server = new SyncServer(store, ServerConfig.defaults("node-s"), Clock.systemUTC());
    }

    private SyncMessage send(MetInf limits, List<Command> commands, boolean fin) throws Exception {
        msgId++;
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, "1", Integer.toString(msgId), Location.of(NoteClient.ENDPOINT),
                new Location("dev-1", "memo"), null, false, msgId == 1 ? NoteClient.basic("memo", "memo-pw") : null, limits);
        SyncMessage in = SyncMLCodec.decode(SyncMLCodec.encode(new SyncMessage(h, commands, fin), Encoding.WBXML), Encoding.WBXML);
        return server.handle(in, null, NoteClient.ENDPOINT, Encoding.WBXML,
                m -> SyncMLCodec.encode(m, Encoding.WBXML).length, "127.0.0.9");
    }

    /** Package 1 (slow sync), 3 (no changes), then Alert 222 until Final: the Adds' GUIDs received. */
    private Set<String> slowSync(MetInf limits) throws Exception {
        assertEquals("212", hdr(send(limits, List.of(alert("201", "notes", null, "A1")), true)));
        SyncMessage r = send(limits, List.of(sync("notes", List.of())), true);
        Set<String> got = new HashSet<>();
        for (int messages = 1; ; messages++) {
            for (Sync s : syncs(r)) {
                for (Command c : s.commands()) {
                    for (Item i : c.items()) {
                        assertTrue(got.add(i.sourceUri()), "sent twice: " + i.sourceUri());
                    }
                }
            }
            if (r.fin()) {
                return got;
            }
            assertTrue(messages < 200, "package 4 does not end");
            r = send(limits, List.of(new Alert("1", false, null, "222",
                    List.of(Item.naming(Location.of("notes"), Location.of("./notes"))))), false);
        }
    }

    @Test
    void aClientAllowingHugeRepliesGetsEveryMessageBeforeFinal() throws Exception {
        open(700, 8_000, 0); // 5.6 MB: more than the 4 MB read ahead, less than the client's MaxMsgSize
        assertEquals(700, slowSync(MetInf.EMPTY.withMaxMsgSize(10_000_000L)).size());
    }

    @Test
    void messagesAfterARunOfOversizedOnesStillGoOutBeforeFinal() throws Exception {
        open(1_000, 1_000, 100); // the newest 1,000 are over the client's MaxObjSize, the 100 older ones not
        Set<String> got = slowSync(MetInf.EMPTY.withMaxMsgSize(100_000L).withMaxObjSize(500L));
        assertEquals(100, got.size());
        assertTrue(got.stream().allMatch(g -> g.startsWith("0001")), "only the short ones: " + got);
    }
}
