package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.SequencedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client role's slow sync reads our messages page by page: node A (PeerClient) slow-syncs
 * thousands of messages to node B (SyncServer) across many small messages, real Derby stores
 * and the real codec both ways; what A keeps between messages stays compact.
 */
class PeerSlowSyncPagingTest {
    private static final String PASSWORD = "a-to-b";
    private static final int SMALL = 8192;

    @TempDir
    Path dir;
    PeerNode a;
    PeerNode b;

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private void nodes(long maxMsgSize) {
        a = new PeerNode(dir, "node-a", PeerNode.config("node-a", maxMsgSize),
                ClientSettings.defaults().withMaxMsgSize(maxMsgSize));
        b = new PeerNode(dir, "node-b", PeerNode.config("node-b", maxMsgSize), ClientSettings.defaults())
                .accepts(a, PASSWORD);
    }

    @Test
    void aSlowSyncOfThousandsGoesOutInManyMessagesEachMessageOnceWithTheExactNumberOfChanges() {
        nodes(SMALL);
        List<Message> posted = load(a, 2000);
        List<MessageId> purged = List.of(posted.get(10).id(), posted.get(1500).id());
        purged.forEach(a::purge);
        Recorder x = new Recorder(a.exchangeTo(b, Encoding.WBXML));

        PeerSessionResult r = a.client.sync(new PeerLink(b.url(), a.name, PASSWORD, x.inner.encoding), x);

        assertTrue(r.ok(), r.toString());
        assertEquals("slow", r.mode());
        Package3 p3 = Package3.of(x.inner.sent);
        assertEquals(2000, p3.numberOfChanges, "NumberOfChanges: 1,998 Adds and 2 Deletes");
        assertEquals(1998, p3.adds.size());
        assertEquals(purged, p3.deletes, "the tombstones' Deletes, in purge order");
        assertEquals(1998, p3.addCounts().size(), "no Add twice");
        assertTrue(p3.addCounts().values().stream().allMatch(n -> n == 1), "each Add exactly once");
        assertTrue(p3.deletesBeforeAdds, "the Deletes go first");
        assertTrue(p3.messages >= 20, "package 3 took many messages: " + p3.messages);
        assertEquals(posted.get(1999).id(), p3.adds.get(0), "newest arrival first");
        assertEquals(posted.get(0).id(), p3.adds.get(p3.adds.size() - 1));
        assertEquals(2000, r.itemsSent());
        assertEquals(a.messages(), b.messages(), "B holds every message of A, field for field");
        assertTrue(purged.stream().allMatch(b::tombstoned));
    }

    /**
     * A peer that allows huge messages does not make us build one: what we send stays within our
     * own MaxMsgSize (a page of the queue is read per message, so this also bounds our memory).
     */
    @Test
    void aPeersHugeMaxMsgSizeDoesNotMakeOurMessagesBiggerThanOurOwn() {
        a = new PeerNode(dir, "node-a", PeerNode.config("node-a", SMALL), ClientSettings.defaults().withMaxMsgSize(SMALL));
        b = new PeerNode(dir, "node-b", PeerNode.config("node-b", 1L << 30), ClientSettings.defaults()).accepts(a, PASSWORD);
        load(a, 300);
        Recorder x = new Recorder(a.exchangeTo(b, Encoding.XML));

        PeerSessionResult r = a.client.sync(new PeerLink(b.url(), a.name, PASSWORD, x.inner.encoding), x);

        assertTrue(r.ok(), r.toString());
        Package3 p3 = Package3.of(x.inner.sent);
        assertEquals(300, p3.adds.size());
        assertTrue(p3.messages >= 5, "package 3 went in our small messages: " + p3.messages);
        x.bodies.forEach((n, body) -> assertTrue(body.length <= SMALL, "message " + n + ": " + body.length + " bytes"));
        assertEquals(a.messages(), b.messages());
    }

    @Test
    void aMessagePurgedWhilePackage3GoesOutIsSentAsItsDeleteAndTheCountStaysExact() {
        nodes(4096);
        List<Message> posted = load(a, 200);
        MessageId late = posted.get(0).id(); // the oldest goes last
        Recorder x = new Recorder(a.exchangeTo(b, Encoding.XML));
        x.before = n -> {
            if (n == 4) { // package 3 is under way (requests 1 and 2 were package 1, before and after the challenge)
                a.purge(late);
            }
        };

        PeerSessionResult r = a.client.sync(new PeerLink(b.url(), a.name, PASSWORD, x.inner.encoding), x);

        assertTrue(r.ok(), r.toString());
        Package3 p3 = Package3.of(x.inner.sent);
        assertTrue(p3.messages >= 4, "the purge fell amid package 3: " + p3.messages);
        assertEquals(200, p3.numberOfChanges);
        assertEquals(199, p3.adds.size());
        assertFalse(p3.adds.contains(late), "no Add for the purged message");
        assertEquals(List.of(late), p3.deletes, "its Delete instead");
        assertEquals(p3.numberOfChanges, p3.adds.size() + p3.deletes.size(), "as many items as announced");
        assertFalse(b.messages().containsKey(late.value()));
        assertTrue(b.tombstoned(late), "B learnt the purge in this session");
        assertEquals(a.messages(), b.messages());
    }

    @Test
    void aMessageOfPackage3WhoseReplyIsLostIsSentAgainByteForByte() {
        nodes(4096);
        load(a, 150);
        Recorder x = new Recorder(a.exchangeTo(b, Encoding.WBXML).losingRepliesTo(n -> n == 3));
        x.before = n -> {
            if (n == 4) { // between the lost reply and the resend: a message it carries is purged here
                a.purge(x.firstAddIn(3));
            }
        };

        PeerSessionResult r = a.client.sync(new PeerLink(b.url(), a.name, PASSWORD, x.inner.encoding), x);

        assertTrue(r.ok(), r.toString());
        assertEquals(1, x.inner.repliesLost);
        assertArrayEquals(x.bodies.get(3), x.bodies.get(4), "the resent message is the lost one, byte for byte");
        Package3 p3 = Package3.of(x.inner.sent);
        assertTrue(p3.messages >= 4, "package 3 took several messages: " + p3.messages);
        assertEquals(150, p3.numberOfChanges);
        assertEquals(150, p3.adds.size(), "the resend is not read again from the store: the purged message's Add went as it was");
        assertTrue(p3.addCounts().values().stream().allMatch(c -> c == 1), "each Add once (the resend aside)");
        assertTrue(b.messages().keySet().containsAll(a.messages().keySet()), "every message of A reached B");
        assertEquals(a.messages().size() + 1, b.messages().size(), "and the one A purged after sending it");
    }

    @Test
    void theQueueKeepsAFewTensOfBytesAMessageAndAPageAtMostOneMessageWorthOfItems() {
        a = PeerNode.of(dir, "node-a");
        List<Message> posted = load(a, 500);
        OutQueue.Builder qb = new OutQueue.Builder().delete(posted.get(0).id()); // a Delete first, as a tombstone's
        a.store.read(tx -> {
            tx.eachVisibleBySeq(ClientKey.PEER_ACCOUNT, m -> qb.add(m.message().id(), m.seq(),
                    MessageItem.encode(m.message()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            return null;
        });
        OutQueue q = qb.reverseFrom(1).build();

        assertEquals(501, q.size());
        assertTrue(q.retainedBytes() / q.size() <= 48, "bytes per entry: " + q.retainedBytes() / q.size());
        assertTrue(q.isDelete(0));
        assertEquals(posted.get(499).id(), q.guid(1), "Adds newest arrival first");
        assertEquals(posted.get(0).id(), q.guid(500));

        OutPage page = a.store.read(tx -> OutPage.read(tx, q, 1, SMALL));
        long data = page.items().stream().mapToLong(i -> i.data().length()).sum();
        long last = page.items().get(page.items().size() - 1).data().length();
        assertTrue(data - last < SMALL, "a page holds at most what one message can carry, and one more: " + data);
        assertTrue(page.items().size() < 100, "one page, not the chat: " + page.items().size());
        for (int i = 0; i < page.items().size(); i++) {
            assertEquals(q.guid(1 + i), page.items().get(i).guid());
            assertEquals(Command.Kind.ADD, page.items().get(i).kind());
            assertEquals(q.bytes(1 + i), page.items().get(i).data().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }

        a.purge(q.guid(3));
        OutPage after = a.store.read(tx -> OutPage.read(tx, q, 2, SMALL));
        assertEquals(Command.Kind.DELETE, after.items().get(1).kind(), "purged since the queue was read: its Delete");
        assertNotNull(after.items().get(1).data(), "carrying the tombstone's text hash");
    }

    @Test
    void betweenStepsTheSessionHoldsNoListOfEncodedItemsOnlyTheRestOfOneChunkedAdd() {
        for (RecordComponent c : ClientSession.class.getRecordComponents()) {
            Type t = c.getGenericType();
            boolean itemList = t instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] == ClientSession.OutItem.class;
            assertFalse(itemList, c.getName() + " would hold encoded items from step to step");
        }
        RecordComponent[] cs = ClientSession.class.getRecordComponents();
        assertEquals(1, java.util.Arrays.stream(cs).filter(c -> c.getType() == ClientSession.OutItem.class).count());
        assertEquals(1, java.util.Arrays.stream(cs).filter(c -> c.getType() == OutQueue.class).count());
        assertNull(ClientSession.start(new PeerLink("http://x/sync", "a", "p", Encoding.XML), "d", "1",
                new LinkState(null, null, 0), "n").queue());
    }

    /** Stores n messages of about 100 characters in a few transactions; oldest (first stored) first. */
    static List<Message> load(PeerNode node, int n) {
        List<Message> all = new ArrayList<>();
        for (int done = 0; done < n; ) {
            int batch = Math.min(1_000, n - done);
            int from = done;
            node.store.write(tx -> {
                for (int i = from; i < from + batch; i++) {
                    Message m = Message.create(String.format("%08x", 0x10000000 + i), 1_764_000_000L + i,
                            String.format("message %05d ", i) + "x".repeat(86), "K1A", "node-a", "pi",
                            i % 3 == 0 ? "Emergency" : "");
                    tx.addMessage(m, "api:test");
                    all.add(m);
                }
                return null;
            });
            done += batch;
        }
        return all;
    }

    /** What our package 3 carried, from the requests as B decoded them (a resent message counted once). */
    private static final class Package3 {
        long numberOfChanges = -1;
        final List<MessageId> adds = new ArrayList<>();
        final List<MessageId> deletes = new ArrayList<>();
        boolean deletesBeforeAdds = true;
        int messages;

        static Package3 of(List<SyncMessage> requests) {
            Package3 p = new Package3();
            String lastMsgId = null;
            for (SyncMessage m : requests) {
                if (m.header().msgId().equals(lastMsgId)) {
                    continue; // the same message once more (a lost reply)
                }
                lastMsgId = m.header().msgId();
                for (Command c : m.commands()) {
                    if (c instanceof Sync s) {
                        p.messages++;
                        if (p.numberOfChanges < 0) {
                            p.numberOfChanges = s.numberOfChanges() == null ? -2 : s.numberOfChanges();
                        }
                        for (Command inner : s.commands()) {
                            Item i = inner.items().get(0);
                            MessageId id = MessageId.parseOrNull(i.sourceUri());
                            if (inner.kind() == Command.Kind.DELETE) {
                                p.deletesBeforeAdds &= p.adds.isEmpty();
                                p.deletes.add(id);
                            } else if (inner.kind() == Command.Kind.ADD) {
                                p.adds.add(id); // no chunks here: the messages are small
                            }
                        }
                    }
                }
            }
            return p;
        }

        Map<MessageId, Integer> addCounts() {
            Map<MessageId, Integer> n = new HashMap<>();
            adds.forEach(id -> n.merge(id, 1, Integer::sum));
            return n;
        }
    }

    /** Keeps each request's encoded bytes (1-based), and runs a hook before each is sent. */
    private static final class Recorder implements PeerExchange {
        final InMemoryExchange inner;
        final Map<Integer, byte[]> bodies = new HashMap<>();
        final Map<Integer, SyncMessage> requests = new HashMap<>();
        IntConsumer before = n -> { };
        private int n;

        Recorder(InMemoryExchange inner) {
            this.inner = inner;
        }

        @Override
        public SyncMessage send(SyncMessage request, String url) throws IOException {
            n++;
            before.accept(n);
            bodies.put(n, SyncMLCodec.encode(request, inner.encoding));
            requests.put(n, request);
            return inner.send(request, url);
        }

        @Override
        public int encodedSize(SyncMessage message) {
            return inner.encodedSize(message);
        }

        MessageId firstAddIn(int request) {
            for (Command c : requests.get(request).commands()) {
                if (c instanceof Sync s) {
                    for (Command inner : s.commands()) {
                        if (inner.kind() == Command.Kind.ADD) {
                            return MessageId.parseOrNull(inner.items().get(0).sourceUri());
                        }
                    }
                }
            }
            throw new AssertionError("no Add in request " + request);
        }
    }
}
