package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow sync matches a client's item to a stored message of the same text through
 * {@link SlowSyncMatchIndex} (issue 10: the index holds hashes and GUID bytes, not the chat), on
 * real Derby: same text, duplicates one each, channel views, hidden and already-mapped messages
 * skipped, a hash collision confirmed by the text, and the index's size bounded at 20,000 stored.
 */
class SlowSyncMatchTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Account ALICE = Account.user("alice", "secret", "N0CALL");

    @TempDir
    static Path dir;
    /** One store for the class (a Derby boot costs seconds here); each test has its own texts and GUIDs. */
    private static Store store;

    @BeforeAll
    static void open() {
        store = Store.open(dir);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static ClientChanges rules() {
        return new ClientChanges(ServerConfig.defaults("node1"), new java.util.Random(7));
    }

    private static Session session() {
        return new Session("t", "dev1", "1", "127.0.0.1", SyncMLVersion.V1_2, ALICE, Encoding.XML, NOW);
    }

    private static DatastoreSession slow(String datastore, String channel) {
        return new DatastoreSession(new ClientKey("alice", "dev1", datastore), DatastoreSession.Format.MEMO, "./memo",
                datastore, channel, AlertCode.SLOW_SYNC, "c1", "s1");
    }

    private static Message stored(int n, String text, String channel) {
        return Message.create(String.format("%08x", n), NOW.getEpochSecond() - 600 + n, text, "K1OLD", "node1", "pi",
                channel);
    }

    /** Sends the items (LUID, text) as one client message of a slow sync; returns the GUID each LUID is mapped to. */
    private static List<MessageId> slowSync(ClientChanges rules, DatastoreSession ds, String... luidText) {
        return store.write(tx -> {
            PendingChanges p = new PendingChanges(new TxView(tx));
            for (int i = 0; i < luidText.length; i += 2) {
                StatusCode code = rules.add(session(), ds, Item.text(null, Location.of(luidText[i]), null, luidText[i + 1]),
                        p, NOW).code();
                assertEquals(StatusCode.ITEM_ADDED, code);
            }
            p.applyTo(tx);
            List<MessageId> out = new ArrayList<>();
            for (int i = 0; i < luidText.length; i += 2) {
                out.add(tx.guidForLuid(ds.key, luidText[i]).orElseThrow());
            }
            return out;
        });
    }

    @Test
    void anItemIsMatchedToTheStoredMessageOfItsTextAndDuplicatesOneEach() {
        Message a = stored(0x101, "hello mesh", "");
        Message d1 = stored(0x102, "twice", "");
        Message d2 = stored(0x103, "twice", "");
        {
            store.write(tx -> {
                for (Message m : List.of(a, d1, d2)) {
                    tx.addMessage(m, "test");
                }
                return null;
            });
            List<MessageId> got = slowSync(rules(),
                    slow("memo-same", null), "L1", "hello mesh", "L2", "twice", "L3", "twice", "L4", "twice");

            assertEquals(a.id(), got.get(0));
            assertEquals(Set.of(d1.id(), d2.id()), Set.of(got.get(1), got.get(2)), "two stored, two items: one each");
            assertEquals(d2.id(), got.get(1), "the newest first");
            assertTrue(!Set.of(a.id(), d1.id(), d2.id()).contains(got.get(3)), "a third of the text is a new message");
        }
    }

    @Test
    void theIndexIsDroppedWhenPackage3EndsAndReadAgainForALateAdd() {
        Message first = stored(0x141, "before the end", "");
        Message later = stored(0x142, "after the end", "");
        store.write(tx -> tx.addMessage(first, "test"));
        ClientChanges rules = rules();
        DatastoreSession ds = slow("memo-end", null);
        assertEquals(List.of(first.id()), slowSync(rules, ds, "E1", "before the end"));
        assertEquals(1, rules.matchIndexes());

        rules.endOfClientChanges();
        assertEquals(0, rules.matchIndexes(), "no index lives on into package 4");

        store.write(tx -> tx.addMessage(later, "test"));
        assertEquals(List.of(later.id()), slowSync(rules, ds, "E2", "after the end"), "a late Add reads the index again");
    }

    @Test
    void channelViewsHiddenAndMappedMessagesAreNotMatched() {
        Message other = stored(0x201, "in ops", "ops");
        Message inView = stored(0x202, "in ops", "");
        Message hidden = stored(0x203, "hidden one", "");
        Message mapped = stored(0x204, "mapped one", "");
        Message later = stored(0x205, "mapped one", "");
        ClientKey key = new ClientKey("alice", "dev1", "memo-view");
        {
            store.write(tx -> {
                for (Message m : List.of(other, inView, hidden, mapped, later)) {
                    tx.addMessage(m, "test");
                }
                tx.hide("alice", hidden.id());
                tx.putMap(key, "L0", later.id()); // the newer one is this client's already
                return null;
            });
            ClientChanges rules = rules();
            List<MessageId> got = slowSync(rules, slow("memo-view", ""), "L1", "in ops", "L2", "hidden one",
                    "L3", "mapped one");

            assertEquals(inView.id(), got.get(0), "the view's channel only");
            assertTrue(!got.get(1).equals(hidden.id()), "a hidden message is not matched");
            assertEquals(mapped.id(), got.get(2), "the one not mapped yet");

            List<MessageId> ops = slowSync(rules(),
                    slow("memo-ops", "ops"), "L1", "in ops");
            assertEquals(other.id(), ops.get(0), "a view of channel ops matches there");
        }
    }

    @Test
    void aMessagePostedEarlierInTheSameTransactionIsMatched() {
        {
            ClientChanges rules = rules();
            Message pending = stored(0x301, "not yet committed", "");
            MessageId got = store.write(tx -> {
                PendingChanges p = new PendingChanges(new TxView(tx));
                p.post(pending, "test");
                DatastoreSession ds = slow("memo-pending", null);
                rules.add(session(), ds, Item.text(null, Location.of("L1"), null, "not yet committed"), p, NOW);
                return p.guidForLuid(ds.key, "L1").orElseThrow();
            });
            assertEquals(pending.id(), got);
        }
    }

    @Test
    void aHashCollisionIsConfirmedByTheTextAndLeftForItsOwnText() {
        SlowSyncMatchIndex index = new SlowSyncMatchIndex(text -> 42L); // every text collides
        Message x = stored(1, "text x", "");
        Message y = stored(2, "text y", "");
        index.add(x.id().value(), x.text());
        index.add(y.id().value(), y.text());
        index.seal();
        List<Message> store = List.of(x, y);
        java.util.function.Function<String, java.util.function.Function<MessageId, SlowSyncMatchIndex.Verdict>> confirm =
                text -> id -> store.stream().anyMatch(m -> m.id().equals(id) && m.text().equals(text))
                        ? SlowSyncMatchIndex.Verdict.TAKE : SlowSyncMatchIndex.Verdict.SKIP;

        assertEquals(y.id(), index.take("text y", confirm.apply("text y")), "x has y's hash but not its text");
        assertEquals(x.id(), index.take("text x", confirm.apply("text x")), "x was skipped, not dropped");
        assertNull(index.take("text x", confirm.apply("text x")), "each is taken once");
        assertNull(index.take("text z", confirm.apply("text z")));
    }

    @Test
    void aHashCollisionOnRealDerbyIsConfirmedByLoadingTheMessage() {
        Message a = stored(0x401, "alpha", "");
        store.write(tx -> tx.addMessage(a, "test"));
        ClientChanges colliding = new ClientChanges(ServerConfig.defaults("node1"), new java.util.Random(7), text -> 42L);
        List<MessageId> got = slowSync(colliding, slow("memo-collide", null), "L1", "alphb", "L2", "alpha");

        assertTrue(!got.get(0).equals(a.id()), "same hash, other text: a new message");
        assertEquals("alphb", store.read(tx -> tx.message(got.get(0))).orElseThrow().text());
        assertEquals(a.id(), got.get(1), "the stored one is still there for its own text");
    }

    @Test
    void theIndexOf20000MessagesHoldsNoTextsAndAFewBytesEach() {
        int n = 20_000;
        SlowSyncMatchIndex index = new SlowSyncMatchIndex();
        for (int i = 0; i < n; i++) {
            index.add(stored(0x10000 + i, memo(i), "").id().value(), memo(i));
        }
        index.seal();
        assertEquals(n, index.size());
        assertTrue(index.retainedBytes() < 60L * n, index.retainedBytes() + " bytes for " + n);
        for (Field f : SlowSyncMatchIndex.class.getDeclaredFields()) { // nothing per message but primitive arrays
            Class<?> t = f.getType();
            if (!Modifier.isStatic(f.getModifiers())) {
                assertTrue(t.isPrimitive() || (t.isArray() && t.getComponentType().isPrimitive())
                        || t == java.util.BitSet.class || t == java.util.function.ToLongFunction.class, f.toString());
            }
        }
        for (int i : new int[] {0, 777, n - 1}) {
            assertEquals(stored(0x10000 + i, memo(i), "").id(), index.take(memo(i), got -> SlowSyncMatchIndex.Verdict.TAKE));
        }
    }

    @Test
    void theStoreStreamsEveryVisibleTextIntoTheIndex() {
        int n = 2_000;
        store.write(tx -> {
            for (int i = 0; i < n; i++) {
                tx.addMessage(stored(0x50000 + i, "streamed " + memo(i), "stream"), "test");
            }
            return null;
        });
        SlowSyncMatchIndex index = store.read(tx -> {
            SlowSyncMatchIndex built = new SlowSyncMatchIndex();
            new PendingChanges(new TxView(tx)).eachVisibleText("alice", "stream", built::add);
            built.seal();
            return built;
        });
        assertEquals(n, index.size());
        Set<MessageId> taken = new HashSet<>();
        for (int i = 0; i < n; i += 97) {
            MessageId id = index.take("streamed " + memo(i), got -> SlowSyncMatchIndex.Verdict.TAKE);
            assertEquals(stored(0x50000 + i, "streamed " + memo(i), "stream").id(), id);
            taken.add(id);
        }
        assertEquals((n + 96) / 97, taken.size());
    }

    private static String memo(int i) {
        return "memo number " + i + " " + "x".repeat(80);
    }
}
