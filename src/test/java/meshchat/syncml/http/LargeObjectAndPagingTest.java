package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Put;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** MaxMsgSize paging of package 4 and large objects both ways, in both encodings. */
class LargeObjectAndPagingTest {
    @TempDir
    Path data;
    Store store;
    SyncEndpoint endpoint;
    String url;

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
        store = endpoint.store;
        url = endpoint.url;
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private static Put devInf(boolean largeObjects) {
        DevInf.ContentType plain = new DevInf.ContentType("text/plain", "1.0");
        DevInf d = new DevInf("1.2", "test", "test", null, "1", "1", "1", "dev", "workstation", true, largeObjects, true,
                List.of(new DevInf.DataStore("./memo", null, 64L, plain, List.of(), plain, List.of(), List.of("1", "2"))), null);
        return new Put("1", false, MetInf.ofType("application/vnd.syncml-devinf+xml"),
                List.of(new Item(null, Location.of("./devinf12"), null, null, null, d, false)));
    }

    private static Alert slow() {
        return new Alert("2", false, null, "201", List.of(new Item(Location.of("meshchat"), Location.of("./memo"),
                MetInf.EMPTY.withAnchor(new Anchor(null, "N1")), null, null, null, false)));
    }

    private static Sync sync(Command... cmds) {
        return new Sync("1", false, Location.of("meshchat"), Location.of("./memo"), null, null, List.of(cmds));
    }

    private static ItemCommand addChunk(String luid, String data, Long size, boolean more) {
        return new ItemCommand(Command.Kind.ADD, "2", false, false, false, MetInf.ofType("text/plain"),
                List.of(new Item(null, Location.of(luid), size == null ? null : MetInf.EMPTY.withSize(size), data, null, null, more)));
    }

    /** Package 4 as the client sees it: every message, until Final. */
    private List<SyncMessage> receivePackage4(TestSyncClient c) throws Exception {
        List<SyncMessage> msgs = new ArrayList<>();
        SyncMessage r = c.send(List.of(sync()), true);
        msgs.add(r);
        while (!r.fin()) {
            r = c.send(List.of(), false);
            msgs.add(r);
        }
        return msgs;
    }

    private static List<ItemCommand> items(List<SyncMessage> msgs) {
        List<ItemCommand> out = new ArrayList<>();
        for (SyncMessage m : msgs) {
            for (Command cmd : m.commands()) {
                if (cmd instanceof Sync s) {
                    s.commands().forEach(x -> out.add((ItemCommand) x));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void largePackageSpansMessagesUnderMaxMsgSizeNewestFirst(Encoding enc) throws Exception {
        store.write(tx -> {
            for (int i = 0; i < 300; i++) {
                tx.addMessage(Message.create(String.format("%08x", i), 1_700_000_000L + i, "message number " + i, "K1", "n", "pi", ""), "t");
            }
            return null;
        });
        TestSyncClient c = new TestSyncClient(url, "dev-p", "alice", "secret");
        c.encoding = enc;
        c.maxMsgSize = 5_000;
        c.newSession();
        c.send(List.of(devInf(true), slow()), true);
        List<SyncMessage> msgs = receivePackage4(c);
        assertTrue(msgs.size() > 5, "300 messages cannot fit in one 5 KB message: " + msgs.size());
        for (int i = 0; i < msgs.size(); i++) {
            assertEquals(i == msgs.size() - 1, msgs.get(i).fin(), "Final only on the last message");
            assertTrue(SyncMLCodec.encode(msgs.get(i), enc).length <= 5_000, "message " + i + " over MaxMsgSize");
        }
        List<ItemCommand> got = items(msgs);
        assertEquals(300, got.size());
        assertEquals("message number 299", got.get(0).items().get(0).data(), "newest first");
        assertEquals("message number 0", got.get(299).items().get(0).data());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void largeMessageGoesOutInChunksWithSizeAndMoreData(Encoding enc) throws Exception {
        String big = ("Ünïcode ✓ 73 de DL1ABC 🛰 " + "x".repeat(50)).repeat(400); // ~32 KB, with non-BMP chars
        store.write(tx -> tx.addMessage(Message.create("00000001", 1_700_000_000L, big, "K1", "n", "pi", ""), "t"));
        TestSyncClient c = new TestSyncClient(url, "dev-l", "alice", "secret");
        c.encoding = enc;
        c.maxMsgSize = 6_000;
        c.newSession();
        c.send(List.of(devInf(true), slow()), true);
        List<SyncMessage> msgs = receivePackage4(c);
        List<ItemCommand> chunks = items(msgs);
        assertTrue(chunks.size() > 4, "chunks: " + chunks.size());
        Item first = chunks.get(0).items().get(0);
        assertEquals((long) big.getBytes(StandardCharsets.UTF_8).length, first.meta().size());
        StringBuilder whole = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            Item it = chunks.get(i).items().get(0);
            assertEquals(i < chunks.size() - 1, it.moreData(), "MoreData on all but the last chunk");
            if (i > 0) {
                assertNull(it.meta(), "Size only on the first chunk");
            }
            whole.append(it.data());
        }
        assertEquals(big, whole.toString());
        for (SyncMessage m : msgs) {
            assertTrue(SyncMLCodec.encode(m, enc).length <= 6_000);
        }
    }

    @Test
    void chunkedAddFromClientIsBufferedWith213ThenStored() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-c", "alice", "secret");
        c.newSession();
        c.send(List.of(slow()), true);
        String part1 = "first half ✓ ";
        String part2 = "second half";
        long size = (part1 + part2).getBytes(StandardCharsets.UTF_8).length;
        SyncMessage r1 = c.send(List.of(sync(addChunk("L1", part1, size, true))), false);
        assertEquals("213", TestSyncClient.statuses(r1).get(2).data());
        assertFalse(r1.fin());
        SyncMessage r2 = c.send(List.of(sync(addChunk("L1", part2, null, false))), true);
        assertEquals("201", TestSyncClient.statuses(r2).get(2).data());
        assertEquals(part1 + part2, store.read(tx -> tx.newest(1, null, null)).get(0).text());
    }

    @Test
    void chunkWithWrongSizeIsRefusedWith424() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-s", "alice", "secret");
        c.newSession();
        c.send(List.of(slow()), true);
        c.send(List.of(sync(addChunk("L1", "abc", 100L, true))), false);
        SyncMessage r = c.send(List.of(sync(addChunk("L1", "def", null, false))), true);
        assertEquals("424", TestSyncClient.statuses(r).get(2).data());
        assertTrue(store.read(tx -> tx.newest(1, null, null)).isEmpty());
    }

    @Test
    void objectWhoseLastChunkNeverComesGetsAlert223() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-x", "alice", "secret");
        c.newSession();
        c.send(List.of(slow()), true);
        c.send(List.of(sync(addChunk("L1", "abc", 6L, true))), false);
        SyncMessage r = c.send(List.of(sync(addChunk("L2", "whole other item", null, false))), true);
        Alert a223 = (Alert) r.commands().stream().filter(x -> x instanceof Alert al && "223".equals(al.data())).findFirst().orElse(null);
        assertNotNull(a223, "Alert 223 for the abandoned object");
        assertEquals("L1", a223.items().get(0).sourceUri());
        assertEquals(List.of("whole other item"), store.read(tx -> tx.newest(5, null, null)).stream().map(Message::text).toList());
    }

    @Test
    void itemOverOurMaxObjSizeIsRefusedWith413() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-m", "alice", "secret");
        c.newSession();
        c.send(List.of(slow()), true);
        SyncMessage r = c.send(List.of(sync(addChunk("L1", "abc", 5_000_000L, true))), false);
        Status st = TestSyncClient.statuses(r).get(2);
        assertEquals("413", st.data());
    }

    @Test
    void refreshCutAfterItsFirstServerMessageLeavesTheNewestMessagesOnTheClient() throws Exception {
        store.write(tx -> {
            for (int i = 0; i < 1000; i++) {
                tx.addMessage(Message.create(String.format("%08x", i), 1_700_000_000L + i, "refresh " + i, "K1", "n", "pi", ""), "t");
            }
            return null;
        });
        TestSyncClient c = new TestSyncClient(url, "dev-r", "alice", "secret");
        c.maxMsgSize = 20_000;
        c.newSession();
        Alert refresh = new Alert("2", false, null, "205", List.of(new Item(Location.of("meshchat"), Location.of("./memo"),
                MetInf.EMPTY.withAnchor(new Anchor(null, "R1")), null, null, null, false)));
        c.send(List.of(devInf(true), refresh), true);
        SyncMessage first = c.send(List.of(sync()), true); // the first message of package 4 ...
        assertFalse(first.fin());
        List<ItemCommand> got = items(List.of(first)); // ... and then the link drops
        assertTrue(got.size() > 10 && got.size() < 1000, "first message holds " + got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals("refresh " + (999 - i), got.get(i).items().get(0).data(), "the newest come first");
        }
        // the interrupted session moved no anchors: the next refresh sends everything again
        c.newSession();
        c.send(List.of(devInf(true), refresh), true);
        assertEquals(1000, items(receivePackage4(c)).size());
    }

    @Test
    void wbxmlChunksCutInsideACharacterAreJoinedAsBytes() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-u", "alice", "secret");
        c.encoding = Encoding.WBXML;
        c.newSession();
        c.send(List.of(slow()), true);
        String text = "Grüße ✓ vom Berg";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int cut = text.indexOf('✓') + 2 + 1; // one byte into the three bytes of ✓ (ü and ß take 2 each)
        String part1 = meshchat.syncml.protocol.RawText.decode(b, 0, cut);
        String part2 = meshchat.syncml.protocol.RawText.decode(b, cut, b.length - cut);
        SyncMessage r1 = c.send(List.of(sync(addChunk("L1", part1, (long) b.length, true))), false);
        assertEquals("213", TestSyncClient.statuses(r1).get(2).data());
        SyncMessage r2 = c.send(List.of(sync(addChunk("L1", part2, null, false))), true);
        assertEquals("201", TestSyncClient.statuses(r2).get(2).data());
        assertEquals(text, store.read(tx -> tx.newest(1, null, null)).get(0).text());
    }

    /** SyncEvolution cuts XML chunks by bytes too, leaving the document invalid UTF-8. */
    @Test
    void xmlChunksCutInsideACharacterAreAcceptedAndJoined() throws Exception {
        TestSyncClient c = new TestSyncClient(url, "dev-x8", "alice", "secret");
        c.newSession();
        c.send(List.of(slow()), true);
        String text = "Grüße ✓ vom Berg";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int cut = 9; // inside ✓ (G r ü=2 ß=2 e space = 8 bytes, then ✓ starts)
        SyncMessage r1 = c.post(withRawData(c, addChunk("L1", "@@DATA@@", (long) b.length, true), java.util.Arrays.copyOfRange(b, 0, cut), false));
        assertEquals("213", TestSyncClient.statuses(r1).get(2).data());
        SyncMessage r2 = c.post(withRawData(c, addChunk("L1", "@@DATA@@", null, false), java.util.Arrays.copyOfRange(b, cut, b.length), true));
        assertEquals("201", TestSyncClient.statuses(r2).get(2).data());
        assertEquals(text, store.read(tx -> tx.newest(1, null, null)).get(0).text());
    }

    private static byte[] withRawData(TestSyncClient c, ItemCommand cmd, byte[] raw, boolean fin) {
        c.msgId++;
        var hdr = new meshchat.syncml.protocol.SyncHdr(c.version, Integer.toString(c.sessionId), Integer.toString(c.msgId),
                Location.of(c.respUri), new Location(c.device, c.user), null, false, null, MetInf.EMPTY.withMaxMsgSize(150000L));
        byte[] body = SyncMLCodec.encode(new SyncMessage(hdr, List.of(sync(cmd)), fin), Encoding.XML);
        String s = new String(body, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("@@DATA@@");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(body, 0, at);
        out.writeBytes(raw);
        out.write(body, at + 8, body.length - at - 8);
        return out.toByteArray();
    }

    @Test
    void evenATinyMaxMsgSizeGetsChunksThatFit() throws Exception {
        String big = "small pieces ✓ ".repeat(300);
        store.write(tx -> tx.addMessage(Message.create("00000002", 1_700_000_000L, big, "K1", "n", "pi", ""), "t"));
        TestSyncClient c = new TestSyncClient(url, "dev-t", "alice", "secret");
        c.maxMsgSize = 2_000;
        c.newSession();
        c.send(List.of(devInf(true), slow()), true);
        List<SyncMessage> msgs = receivePackage4(c);
        StringBuilder whole = new StringBuilder();
        items(msgs).forEach(i -> whole.append(i.items().get(0).data()));
        assertEquals(big, whole.toString());
        for (SyncMessage m : msgs) {
            assertTrue(SyncMLCodec.encode(m, Encoding.XML).length <= 2_000);
        }
    }

    /**
     * Issue 7: a reinstalled phone reuses its device id and does not send its DevInf again; its
     * refresh from server with MaxMsgSize 10,240 got our 330 KB memo unchunked. The MaxObjSize in
     * its SyncHdr (and the DevInf stored from before) say it takes large objects.
     */
    @ParameterizedTest
    @EnumSource(Encoding.class)
    void reinstalledPhoneWithoutDevInfGetsTheBigMemoInChunks(Encoding enc) throws Exception {
        String memo = "a long memo line ✓ 73\n".repeat(15_000); // about 330 KB
        store.write(tx -> {
            tx.addMessage(Message.create("00000003", 1_700_000_000L, memo, "K1", "n", "pi", ""), "t");
            tx.addMessage(Message.create("00000004", 1_700_000_001L, "short one", "K1", "n", "pi", ""), "t");
            return null;
        });
        TestSyncClient before = new TestSyncClient(url, "phone-reused", "alice", "secret");
        before.encoding = enc;
        before.maxMsgSize = 1_000_000;
        before.newSession();
        before.send(List.of(devInf(true), slow()), true); // the old install introduced itself once

        TestSyncClient phone = new TestSyncClient(url, "phone-reused", "alice", "secret");
        phone.encoding = enc;
        phone.maxMsgSize = 10_240;
        phone.sessionId = 500;
        phone.newSession();
        Alert refresh = new Alert("2", false, null, "205", List.of(new Item(Location.of("meshchat"), Location.of("./memo"),
                MetInf.EMPTY.withAnchor(new Anchor(null, "R9")), null, null, null, false)));
        SyncMessage p2 = phone.send(List.of(refresh), true); // no DevInf this time
        int auth = ((Status) p2.commands().get(0)).code();
        if (auth == 401 || auth == 407) { // challenged with the device's nonce: retry as SyncEvolution does
            phone.newSession();
            p2 = phone.send(List.of(refresh), true);
        }
        assertEquals(212, ((Status) p2.commands().get(0)).code());
        assertTrue(SyncMLCodec.encode(p2, enc).length <= 10_240);
        List<SyncMessage> msgs = new ArrayList<>();
        SyncMessage r = phone.send(List.of(sync()), true);
        msgs.add(r);
        for (int i = 0; !r.fin() && i < 200; i++) {
            assertTrue(SyncMLCodec.encode(r, enc).length <= 10_240, "reply of " + SyncMLCodec.encode(r, enc).length + " bytes");
            r = phone.send(List.of(), false);
            msgs.add(r);
        }
        assertTrue(r.fin());
        for (SyncMessage m : msgs) {
            assertTrue(SyncMLCodec.encode(m, enc).length <= 10_240, "reply of " + SyncMLCodec.encode(m, enc).length + " bytes");
        }
        StringBuilder whole = new StringBuilder();
        List<ItemCommand> got = items(msgs);
        got.stream().filter(c -> !"short one".equals(c.items().get(0).data())).forEach(c -> whole.append(c.items().get(0).data()));
        assertEquals(memo, whole.toString());
        assertTrue(got.size() > 30, "chunks: " + got.size());
    }
}
