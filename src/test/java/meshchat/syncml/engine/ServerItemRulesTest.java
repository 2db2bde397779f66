package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
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
import meshchat.syncml.store.ClientKey;
import org.junit.jupiter.api.Test;

/**
 * The server role's item rules (ClientChanges, FullItemChanges) as decisions over plain data:
 * an in-memory view in, a list of store changes and a status out. No HTTP, no transaction: the
 * rules read through {@link PendingChanges}, which also answers for what this message decided
 * before (real-Derby sessions run in http.SyncSessionTest, FullDatastoreSyncTest and others).
 */
class ServerItemRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Account ALICE = Account.user("alice", "secret", "N0CALL");
    private static final Account ADMIN = Account.admin("root", "secret", "W1ADM");
    private static final ClientKey MEMO = new ClientKey("alice", "dev1", "meshchat");

    private final ServerConfig config = ServerConfig.defaults("node1");

    private static Session session(Account a) {
        return new Session("t", "dev1", "1", "127.0.0.1", SyncMLVersion.V1_2, a, Encoding.XML, NOW);
    }

    private static DatastoreSession memo(Account a, AlertCode mode) {
        return new DatastoreSession(new ClientKey(a.name(), "dev1", "meshchat"), DatastoreSession.Format.MEMO, "./memo",
                "meshchat", null, mode, "c1", "s1");
    }

    private static DatastoreSession full(Account a, AlertCode mode) {
        return new DatastoreSession(new ClientKey(a.name(), "dev1", "meshchat-full"), DatastoreSession.Format.FULL,
                "./full", "meshchat-full", null, mode, "c1", "s1");
    }

    private static Item memoItem(String luid, String text) {
        return Item.text(null, Location.of(luid), null, text);
    }

    private static Message stored(String v2Id, String text) {
        return Message.create(v2Id, NOW.getEpochSecond() - 60, text, "K1OLD", "node1", "pi", "");
    }

    private static List<ServerChange.Kind> kinds(PendingChanges p) {
        return p.changes().stream().map(ServerChange::kind).toList();
    }

    private ClientChanges rules() {
        return new ClientChanges(config, new java.util.Random(7));
    }

    @Test
    void memoAddDecidesAPostStampedWithTheAccountAndAMapWritingNothing() {
        InMemoryView view = new InMemoryView();
        PendingChanges p = new PendingChanges(view);
        StatusCode code = rules().add(session(ALICE), memo(ALICE, AlertCode.TWO_WAY), memoItem("L1", "hello mesh"), p, NOW).code();

        assertEquals(StatusCode.ITEM_ADDED, code);
        assertEquals(List.of(ServerChange.Kind.POST, ServerChange.Kind.INSERT_MAP), kinds(p));
        Message posted = ((ServerChange.Post) p.changes().get(0)).message();
        assertEquals("N0CALL", posted.callSign());
        assertEquals("node1", posted.node());
        assertEquals(posted.id(), ((ServerChange.InsertMap) p.changes().get(1)).guid());
        assertTrue(view.messages.isEmpty(), "the decision wrote nothing");
        assertEquals(posted.id(), p.guidForLuid(MEMO, "L1").orElseThrow(), "the pending map answers");
    }

    @Test
    void anAddSentTwiceInOneMessageIsPostedOnce() {
        PendingChanges p = new PendingChanges(new InMemoryView());
        ClientChanges rules = rules();
        Session s = session(ALICE);
        DatastoreSession ds = memo(ALICE, AlertCode.TWO_WAY);
        rules.add(s, ds, memoItem("L1", "hello mesh"), p, NOW);
        StatusCode again = rules.add(s, ds, memoItem("L1", "hello mesh"), p, NOW).code();

        assertEquals(StatusCode.ITEM_ADDED, again);
        assertEquals(List.of(ServerChange.Kind.POST, ServerChange.Kind.INSERT_MAP), kinds(p));
    }

    @Test
    void aMapThenAnAddOfTheSameLuidInOneMessageIsNotPostedAgain() {
        Message m = stored("0000000a", "already here");
        PendingChanges p = new PendingChanges(new InMemoryView().withMessage(m));
        p.putMap(MEMO, "L7", m.id()); // the client's Map command came first in the message
        StatusCode code = rules().add(session(ALICE), memo(ALICE, AlertCode.TWO_WAY), memoItem("L7", "already here"), p, NOW).code();

        assertEquals(StatusCode.ITEM_ADDED, code);
        assertEquals(List.of(ServerChange.Kind.PUT_MAP), kinds(p), "a re-sent Add of a mapped item posts nothing");
    }

    @Test
    void aSlowSyncMatchIsTakenOnceSoTheSecondItemOfTheSameTextIsPosted() {
        Message m = stored("0000000b", "same text");
        PendingChanges p = new PendingChanges(new InMemoryView().withMessage(m));
        ClientChanges rules = rules();
        Session s = session(ALICE);
        DatastoreSession ds = memo(ALICE, AlertCode.SLOW_SYNC);
        rules.add(s, ds, memoItem("L1", "same text"), p, NOW);
        rules.add(s, ds, memoItem("L2", "same text"), p, NOW);

        assertEquals(List.of(ServerChange.Kind.PUT_MAP, ServerChange.Kind.POST, ServerChange.Kind.INSERT_MAP), kinds(p));
        assertEquals(m.id(), ((ServerChange.PutMap) p.changes().get(0)).guid(), "the first item is matched");
        assertEquals(2, p.visible("alice").size(), "the second is a new message");
    }

    @Test
    void aSlowSyncItemWithAPurgedTextIsNeitherStoredNorMappedAndAwaitsOurDelete() {
        Message gone = stored("0000000c", "purged words");
        PendingChanges p = new PendingChanges(new InMemoryView().withTombstone(gone, "root", NOW.minusSeconds(5)));
        DatastoreSession ds = memo(ALICE, AlertCode.SLOW_SYNC);
        ItemResult r = rules().add(session(ALICE), ds, memoItem("L3", "purged words"), p, NOW);

        assertEquals(StatusCode.ITEM_ADDED, r.code());
        assertEquals(List.of(ServerChange.Kind.REMOVE_MAP), kinds(p));
        assertEquals("L3", r.purgedLuid(), "the step is told to remember it for package 4");
        assertTrue(ds.purgedLuids.isEmpty(), "the rule itself changes no session state");
    }

    @Test
    void anAdminsDeleteThenASlowSyncItemWithThatTextInTheSameMessageIsRefusedAsPurged() {
        Account admin = ADMIN;
        ClientKey key = new ClientKey("root", "dev1", "meshchat");
        Message m = stored("0000000d", "soon purged");
        PendingChanges p = new PendingChanges(new InMemoryView().withMessage(m).withMap(key, "L1", m.id()));
        ClientChanges rules = rules();
        Session s = session(admin);
        DatastoreSession ds = memo(admin, AlertCode.SLOW_SYNC);
        assertEquals(StatusCode.OK, rules.delete(s, ds, memoItem("L1", null), p, NOW).code());
        ItemResult r = rules.add(s, ds, memoItem("L2", "soon purged"), p, NOW);

        assertEquals(List.of(ServerChange.Kind.PURGE, ServerChange.Kind.REMOVE_MAP, ServerChange.Kind.REMOVE_MAP), kinds(p));
        assertEquals("L2", r.purgedLuid(), "the pending tombstone's text hash is seen");
        assertTrue(p.message(m.id()).isEmpty());
    }

    @Test
    void aPlainAccountsDeleteHidesAndAnAdminsPurges() {
        Message m = stored("0000000e", "to go");
        InMemoryView view = new InMemoryView().withMessage(m).withMap(MEMO, "L1", m.id());
        PendingChanges p = new PendingChanges(view);
        assertEquals(StatusCode.OK, rules().delete(session(ALICE), memo(ALICE, AlertCode.TWO_WAY), memoItem("L1", null), p, NOW).code());

        assertEquals(List.of(ServerChange.Kind.HIDE, ServerChange.Kind.REMOVE_MAP), kinds(p));
        assertTrue(p.isHidden("alice", m.id()));
        assertTrue(p.visible("alice").isEmpty());
        assertTrue(p.guidForLuid(MEMO, "L1").isEmpty());
        assertEquals(StatusCode.ITEM_NOT_DELETED,
                rules().delete(session(ALICE), memo(ALICE, AlertCode.TWO_WAY), memoItem("L1", null), p, NOW).code(),
                "the LUID is unmapped by the first Delete of the message");
    }

    @Test
    void twoPostsOfOneMessageNeverDrawTheSameV2Id() {
        int[] draws = {1, 1, 1, 2};
        int[] next = {0};
        RandomGenerator repeating = () -> draws[Math.min(next[0]++, draws.length - 1)];
        ClientChanges rules = new ClientChanges(config, new RandomGenerator() {
            @Override
            public long nextLong() {
                return repeating.nextLong();
            }

            @Override
            public int nextInt() {
                return draws[Math.min(next[0]++, draws.length - 1)];
            }
        });
        PendingChanges p = new PendingChanges(new InMemoryView());
        Session s = session(ALICE);
        DatastoreSession ds = memo(ALICE, AlertCode.TWO_WAY);
        rules.add(s, ds, memoItem("L1", "first"), p, NOW);
        rules.add(s, ds, memoItem("L2", "second"), p, NOW);

        List<String> v2Ids = p.changes().stream().filter(c -> c.kind() == ServerChange.Kind.POST)
                .map(c -> ((ServerChange.Post) c).message().v2Id()).toList();
        assertEquals(List.of("00000001", "00000002"), v2Ids);
    }

    @Test
    void aFullItemAddedTwiceInOneMessageIsMappedOnce() {
        Account peer = new Account("node2", Account.md5Digest("node2", "pw"), false, "NODE2", true);
        Message m = Message.create("0000000f", NOW.getEpochSecond() - 30, "via the mesh", "K2ABC", "node9", "pi", "");
        PendingChanges p = new PendingChanges(new InMemoryView());
        FullItemChanges rules = new FullItemChanges();
        Session s = session(peer);
        DatastoreSession ds = full(peer, AlertCode.TWO_WAY);
        Item item = Item.withData(null, Location.of(m.id().value()), MessageItem.encode(m));
        assertEquals(StatusCode.ITEM_ADDED, rules.add(s, ds, item, p).code());
        assertEquals(StatusCode.ITEM_ADDED, rules.add(s, ds, item, p).code());

        assertEquals(1, p.changes().stream().filter(c -> c.kind() == ServerChange.Kind.PUT_MAP).count());
        assertEquals(List.of(m), p.visible("node2"));
    }

    @Test
    void aFullDeleteOfAnUnknownGuidFromAPlainAccountDeletesNothing() {
        Account bob = Account.user("bob", "pw", "K3BOB");
        PendingChanges p = new PendingChanges(new InMemoryView());
        MessageId unknown = stored("00000010", "never here").id();
        StatusCode code = new FullItemChanges().delete(session(bob), full(bob, AlertCode.TWO_WAY),
                Item.naming(Location.of(unknown.value()), null), p, NOW).code();

        assertEquals(StatusCode.ITEM_NOT_DELETED, code);
        assertTrue(p.isEmpty());
    }

    @Test
    void theChangeLogIsReadOnlyWithNothingPending() {
        PendingChanges p = new PendingChanges(new InMemoryView());
        p.saveDevInf("dev1", "alice", "<DevInf/>");
        IllegalStateException e = assertThrows(IllegalStateException.class, p::lastSeq);
        assertTrue(e.getMessage().contains("apply them first"), e.getMessage());
        assertEquals("<DevInf/>", p.devInf("dev1", "alice").orElseThrow());
        assertTrue(p.devInf("dev1", "mallory").isEmpty(), "another account does not read it");
        assertFalse(p.isEmpty());
    }

    @Test
    void aPeersFullDeletePurgesAndTellsTheStepNotToEchoIt() {
        Account peer = new Account("node2", Account.md5Digest("node2", "pw"), false, "NODE2", true);
        Message m = stored("00000011", "zone-wide purge");
        PendingChanges p = new PendingChanges(new InMemoryView().withMessage(m));
        DatastoreSession ds = full(peer, AlertCode.TWO_WAY);
        ItemResult r = new FullItemChanges().delete(session(peer), ds, Item.naming(Location.of(m.id().value()), null), p, NOW);

        assertEquals(StatusCode.OK, r.code());
        assertEquals(m.id(), r.deletedGuid());
        assertEquals(List.of(ServerChange.Kind.PURGE), kinds(p), "unmapped: purged by its GUID, no map to remove");
        assertTrue(ds.deletedByClient.isEmpty(), "the rule itself changes no session state");
        assertTrue(p.tombstone(m.id()).isPresent());
    }
}
