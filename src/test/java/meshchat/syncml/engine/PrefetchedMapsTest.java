package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.SyncState;
import meshchat.syncml.store.Tombstone;
import meshchat.syncml.store.UnmappedPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sync's LUIDs read ahead ({@link PendingChanges#prefetchGuids}, many per statement) decide
 * exactly what one probe per item decided, on real Derby: mapped and unmapped LUIDs, LUIDs mapped
 * earlier in the same message, repeated LUIDs, a Map before an Add of the same LUID, a LUID with a
 * trailing blank, an over-long LUID, the memo format in two-way and slow sync, and meshchat-full.
 * The same message is decided twice in one store, once without the prefetch (rolled back, nothing
 * applied) and once with it (applied): statuses and changes equal, and the prefetched LUIDs cost
 * no single probe.
 */
class PrefetchedMapsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Account ALICE = Account.user("alice", "secret", "N0CALL");
    private static final Account ROOT = Account.admin("root", "secret", "W1ADM");
    private static final ClientKey MEMO = new ClientKey("alice", "dev1", "meshchat");
    private static final ClientKey SLOW = new ClientKey("alice", "dev1", "meshchat-slow");
    private static final ClientKey FULL = new ClientKey("root", "dev9", MessageItem.DATASTORE);
    private static final String LONG = "x".repeat(Store.MAX_FIELD_CHARS + 1);

    @TempDir
    static Path dir;
    private static Store store;
    private static final List<Message> STORED = new ArrayList<>();
    private static final Message FRESH = Message.create("0000beef", NOW.getEpochSecond() - 5, "from a peer", "K2NEW",
            "node2", "pi", "");

    @BeforeAll
    static void open() {
        store = Store.open(dir);
        for (int i = 0; i < 8; i++) {
            STORED.add(Message.create(String.format("%08x", 0x500 + i), NOW.getEpochSecond() - 600 + i, "stored " + i,
                    "K1OLD", "node1", "pi", ""));
        }
        store.write(tx -> {
            tx.putAccount(ALICE);
            tx.putAccount(ROOT);
            for (Message m : STORED) {
                tx.addMessage(m, "test");
            }
            for (int i = 0; i < 5; i++) {
                tx.putMap(MEMO, "L" + i, STORED.get(i).id());
            }
            tx.putMap(MEMO, "T ", STORED.get(5).id()); // Derby compares VARCHARs blank-padded: "T" finds it
            tx.putMap(SLOW, "S0", STORED.get(0).id());
            tx.putMap(FULL, STORED.get(6).id().value(), STORED.get(6).id());
            return null;
        });
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private record Step(String kind, DatastoreSession ds, Session s, Item item) {
    }

    private record Outcome(List<StatusCode> codes, List<ServerChange> changes, int singleProbes) {
    }

    private static Step add(DatastoreSession ds, Session s, String luid, String data) {
        return new Step("Add", ds, s, Item.text(null, luid == null ? null : Location.of(luid), null, data));
    }

    private static Step replace(DatastoreSession ds, Session s, String luid, String data) {
        return new Step("Replace", ds, s, Item.text(null, Location.of(luid), null, data));
    }

    private static Step delete(DatastoreSession ds, Session s, String luid) {
        return new Step("Delete", ds, s, Item.text(null, Location.of(luid), null, null));
    }

    private static Session session(Account a, String device) {
        return new Session("t", device, "1", "127.0.0.1", SyncMLVersion.V1_2, a, Encoding.XML, NOW);
    }

    private static List<Step> message() {
        Session alice = session(ALICE, "dev1");
        Session root = session(ROOT, "dev9");
        DatastoreSession memo = new DatastoreSession(MEMO, DatastoreSession.Format.MEMO, "./memo", "meshchat", null,
                AlertCode.TWO_WAY, "c1", "s1");
        DatastoreSession slow = new DatastoreSession(SLOW, DatastoreSession.Format.MEMO, "./slow", "meshchat-slow", null,
                AlertCode.SLOW_SYNC, "c1", "s1");
        DatastoreSession full = new DatastoreSession(FULL, DatastoreSession.Format.FULL, "./full", MessageItem.DATASTORE,
                null, AlertCode.TWO_WAY, "c1", "s1");
        return List.of(
                add(memo, alice, "L0", "stored 0"), // mapped, same text: a re-sent Add
                replace(memo, alice, "L1", "changed"), // mapped, new text: a correction
                replace(memo, alice, "L2", "stored 2"), // mapped, unchanged
                add(memo, alice, "N1", "new one"), // unmapped
                replace(memo, alice, "N1", "new one, again"), // mapped earlier in this message
                add(memo, alice, "N1", "new one, again"), // repeated
                add(memo, alice, "M1", "stored 7"), // the Map before this message's Sync mapped it
                delete(memo, alice, "L3"), // a hide
                delete(memo, alice, "L3"), // repeated: unmapped by now
                delete(memo, alice, "N9"), // never mapped
                delete(memo, alice, "T"), // blank-padded match of "T "
                delete(memo, alice, LONG), // over-long: not prefetched, answered by a single probe
                add(memo, alice, null, "no LUID"),
                add(slow, alice, "S0", "stored 0"), // slow sync: already mapped to its text
                add(slow, alice, "S1", "stored 2"), // slow sync: matched to a stored message
                add(slow, alice, "S2", "slow new"),
                add(full, root, FRESH.id().value(), MessageItem.encode(FRESH)), // unmapped GUID
                add(full, root, STORED.get(6).id().value(), MessageItem.encode(STORED.get(6))), // mapped already
                replace(full, root, FRESH.id().value(), MessageItem.encode(FRESH)), // mapped earlier here
                delete(full, root, STORED.get(4).id().value()), // unmapped GUID: purged by the GUID itself
                delete(full, root, "zz-not-a-guid"));
    }

    /** Decides the message's steps after a Map of M1 (as SessionProcessor would: a Map, then a Sync). */
    private static Outcome decide(PendingChanges p, CountingView probes, boolean prefetch) {
        p.putMap(MEMO, "M1", STORED.get(7).id());
        List<Step> steps = message();
        if (prefetch) {
            for (ClientKey key : List.of(MEMO, SLOW, FULL)) {
                List<String> luids = new ArrayList<>();
                for (Step st : steps) {
                    if (st.ds.key.equals(key)) {
                        luids.add(st.item.sourceUri());
                    }
                }
                p.prefetchGuids(key, luids);
            }
        }
        probes.singles = 0;
        ClientChanges rules = new ClientChanges(ServerConfig.defaults("node1"), new java.util.Random(7));
        List<StatusCode> codes = new ArrayList<>();
        for (Step st : steps) {
            ItemResult r = switch (st.kind) {
                case "Add" -> rules.add(st.s, st.ds, st.item, p, NOW);
                case "Replace" -> rules.replace(st.s, st.ds, st.item, p, NOW);
                default -> rules.delete(st.s, st.ds, st.item, p, NOW);
            };
            codes.add(r.code());
        }
        return new Outcome(codes, List.copyOf(p.changes()), probes.singles);
    }

    private static final class RolledBack extends RuntimeException {
        final transient Outcome outcome;

        RolledBack(Outcome outcome) {
            this.outcome = outcome;
        }
    }

    @Test
    void prefetchedAnswersDecideWhatSingleProbesDecided() {
        Outcome single;
        try {
            store.write(tx -> {
                CountingView v = new CountingView(new TxView(tx));
                throw new RolledBack(decide(new PendingChanges(v), v, false));
            });
            throw new AssertionError("not rolled back");
        } catch (RolledBack e) {
            single = e.outcome;
        }
        Outcome ahead = store.write(tx -> {
            CountingView v = new CountingView(new TxView(tx));
            PendingChanges p = new PendingChanges(v);
            Outcome o = decide(p, v, true);
            p.applyTo(tx);
            return o;
        });

        assertEquals(single.codes(), ahead.codes());
        assertEquals(single.changes(), ahead.changes());
        assertEquals(List.of(StatusCode.ITEM_ADDED, StatusCode.OK, StatusCode.OK, StatusCode.ITEM_ADDED, StatusCode.OK,
                StatusCode.ITEM_ADDED, StatusCode.ITEM_ADDED, StatusCode.OK, StatusCode.ITEM_NOT_DELETED,
                StatusCode.ITEM_NOT_DELETED, StatusCode.OK, StatusCode.ITEM_NOT_DELETED, StatusCode.INCOMPLETE_COMMAND,
                StatusCode.ITEM_ADDED, StatusCode.ITEM_ADDED, StatusCode.ITEM_ADDED, StatusCode.ITEM_ADDED,
                StatusCode.ITEM_ADDED, StatusCode.OK, StatusCode.OK, StatusCode.ITEM_NOT_DELETED), ahead.codes());
        assertTrue(single.singleProbes() >= 15, "without the prefetch each item probes: " + single.singleProbes());
        assertEquals(1, ahead.singleProbes(), "only the over-long LUID is probed alone");

        Map<String, Optional<MessageId>> memo = store.read(tx -> tx.guidsForLuids(MEMO, List.of("L0", "L1", "L2", "L3",
                "L4", "N1", "M1", "T", "N9")));
        assertEquals(Optional.of(STORED.get(0).id()), memo.get("L0"));
        assertTrue(memo.get("L1").isPresent() && !memo.get("L1").equals(Optional.of(STORED.get(1).id())), "L1 corrected");
        assertEquals(Optional.of(STORED.get(2).id()), memo.get("L2"));
        assertEquals(Optional.empty(), memo.get("L3"), "deleted");
        assertEquals(Optional.of(STORED.get(7).id()), memo.get("M1"), "the Map's, no post");
        assertEquals(Optional.empty(), memo.get("T"), "its row \"T \" is deleted");
        assertTrue(memo.get("N1").isPresent());
        assertEquals(Optional.of(STORED.get(2).id()), store.read(tx -> tx.guidForLuid(SLOW, "S1")), "slow-sync match");
        assertEquals(Optional.of(FRESH.id()), store.read(tx -> tx.guidForLuid(FULL, FRESH.id().value())));
    }

    /** The store's view, counting the single probes that reach it. */
    private static final class CountingView implements ServerView {
        private final ServerView base;
        int singles;

        CountingView(ServerView base) {
            this.base = base;
        }

        @Override
        public Optional<MessageId> guidForLuid(ClientKey key, String luid) {
            singles++;
            return base.guidForLuid(key, luid);
        }

        @Override
        public Map<String, Optional<MessageId>> guidsForLuids(ClientKey key, Collection<String> luids) {
            return base.guidsForLuids(key, luids);
        }

        @Override
        public Optional<String> luidForGuid(ClientKey key, MessageId guid) {
            return base.luidForGuid(key, guid);
        }

        @Override
        public Optional<Message> message(MessageId id) {
            return base.message(id);
        }

        @Override
        public Optional<Tombstone> tombstone(MessageId id) {
            return base.tombstone(id);
        }

        @Override
        public Optional<Tombstone> tombstoneByText(String text) {
            return base.tombstoneByText(text);
        }

        @Override
        public boolean isHidden(String account, MessageId id) {
            return base.isHidden(account, id);
        }

        @Override
        public List<Message> visible(String account) {
            return base.visible(account);
        }

        @Override
        public void eachVisibleText(String account, String channel, BiConsumer<String, String> sink) {
            base.eachVisibleText(account, channel, sink);
        }

        @Override
        public UnmappedPage unmappedPage(ClientKey key, String channel, UnmappedPage.Position after, int rows) {
            return base.unmappedPage(key, channel, after, rows);
        }

        @Override
        public long unmappedCount(ClientKey key, String channel) {
            return base.unmappedCount(key, channel);
        }

        @Override
        public boolean v2IdInUse(String v2Id) {
            return base.v2IdInUse(v2Id);
        }

        @Override
        public Optional<SyncState> syncState(ClientKey key) {
            return base.syncState(key);
        }

        @Override
        public Optional<Instant> lastSynced(ClientKey key) {
            return base.lastSynced(key);
        }

        @Override
        public Optional<String> devInf(String device, String account) {
            return base.devInf(device, account);
        }

        @Override
        public long lastSeq() {
            return base.lastSeq();
        }

        @Override
        public List<Tombstone> tombstonesSince(Instant since) {
            return base.tombstonesSince(since);
        }

        @Override
        public Collection<Change> latestChanges(long from, long upTo, Predicate<Change> include) {
            return base.latestChanges(from, upTo, include);
        }
    }
}
