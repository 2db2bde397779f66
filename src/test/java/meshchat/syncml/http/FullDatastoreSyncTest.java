package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Get;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Results;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server side of the lossless datastore meshchat-full (text/x-meshchat-message): peer nodes
 * and third-party clients syncing whole messages, purges across the zone, echoes and loops.
 * Whole sessions against the real endpoint (Jetty on an ephemeral port, Derby in a temp folder).
 */
class FullDatastoreSyncTest {
    @TempDir
    Path data;
    Store store;
    SyncEndpoint endpoint;

    static final Message FAR = new Message(new MessageId("0a1b2c3d-1764000000-9f86d081"), 1_764_000_000L,
            "net check-in\nsecond line", "W1XYZ", "far-node", "node", "Ops");

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
        store = endpoint.store;
        store.write(tx -> {
            tx.putAccount(Account.peerNode("node2", "pw2"));
            tx.putAccount(Account.peerNode("node3", "pw3"));
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private FullSession full(String device, String user, String password) {
        return new FullSession(new TestSyncClient(endpoint.url, device, user, password), FullSession.DB);
    }

    private static Message message(String v2Id, String text, String callSign) {
        return Message.create(v2Id, 1_764_000_100L, text, callSign, "node-x", "pi", "");
    }

    private long lastSeq() {
        return store.read(tx -> tx.lastSeq());
    }

    @Test
    void aFullItemAddKeepsItsGuidAndEveryField() throws Exception {
        FullSession peer = full("node2-dev", "node2", "pw2");
        FullSession.Outcome o = peer.run(201, FullSession.add(3, FAR));

        assertEquals("201", o.statusOf(FAR.id().value()));
        assertEquals(Optional.of(FAR), store.read(tx -> tx.message(FAR.id())), "stored as sent, not re-stamped");

        FullSession reader = full("reader", "root", "admin");
        FullSession.Outcome got = reader.run(201);
        assertEquals(List.of(FAR), got.added(), "every field travels back out");
        assertEquals(MessageItem.CONTENT_TYPE, got.received().get(0).meta().type());
        assertEquals(FAR.id().value(), got.received().get(0).items().get(0).sourceUri(), "the GUID is the item's id");
    }

    @Test
    void theSameMessageByTwoPathsIsStoredOnceWithOneChangeAndNeverSentBack() throws Exception {
        FullSession two = full("node2-dev", "node2", "pw2");
        FullSession three = full("node3-dev", "node3", "pw3");
        two.run(201);
        three.run(201);
        long before = lastSeq();

        assertEquals("201", two.run(200, FullSession.add(3, FAR)).statusOf(FAR.id().value()));
        FullSession.Outcome again = three.run(200, FullSession.add(3, FAR));

        assertEquals("201", again.statusOf(FAR.id().value()), "an Add of a GUID we hold is idempotent");
        assertEquals(List.of(), again.received(), "node3 sent it: it is mapped, not echoed");
        assertEquals(1L, (long) store.read(tx -> tx.messageCount()));
        assertEquals(before + 1, lastSeq(), "one change for two arrivals");
        assertEquals(List.of(), two.run(200).received(), "nothing to resend after one round");
    }

    @Test
    void aPlainAccountMayAddOnlyItsOwnCallSign() throws Exception {
        FullSession alice = full("alice-dev", "alice", "secret"); // call sign N0CALL
        Message own = message("11111111", "mine", "N0CALL");
        Message other = message("22222222", "forged", "W1XYZ");

        Message squatter = new Message(new MessageId("12121212-1764000100-00000000"), 1_764_000_100L, "takes a GUID",
                "N0CALL", "node-x", "pi", "");

        // the server runs on the real clock: ten days ahead of it is the future whatever the date
        Message fromTheFuture = Message.create("13131313", Instant.now().plus(java.time.Duration.ofDays(10)).getEpochSecond(),
                "always on top", "N0CALL", "node-x", "pi", "");

        FullSession.Outcome o = alice.run(201, FullSession.add(3, other), FullSession.add(4, own),
                FullSession.add(5, squatter), FullSession.add(6, fromTheFuture));

        assertEquals("425", o.statusOf(other.id().value()), "permission denied (RepPro Response Status Codes)");
        assertEquals("201", o.statusOf(own.id().value()));
        assertEquals("400", o.statusOf(squatter.id().value()), "its Id must be the GUID of its fields");
        assertEquals("400", o.statusOf(fromTheFuture.id().value()), "an author's clock may not be days ahead");
        assertEquals(List.of(own), store.read(tx -> tx.newest(10, null, null)));
    }

    @Test
    void anAddOfAPurgedGuidInTwoWayIsNotStoredAndTheClientIsToldToDeleteIt() throws Exception {
        store.write(tx -> tx.purge(FAR.id(), "root", Instant.parse("2026-11-01T00:00:00Z")));
        FullSession peer = full("node2-dev", "node2", "pw2");
        peer.run(201);
        long before = lastSeq();

        FullSession.Outcome o = peer.run(200, FullSession.add(3, FAR));

        assertEquals("200", o.alertStatus(), "a two-way sync, not a slow one");
        assertEquals("201", o.statusOf(FAR.id().value()), "the client goes on");
        assertEquals(List.of(FAR.id().value()), o.deleted(), "and drops its copy");
        assertEquals(Optional.empty(), store.read(tx -> tx.message(FAR.id())));
        assertEquals(before, lastSeq(), "no change logged");
    }

    @Test
    void aDeleteFromAPeerPurgesAndFromAPlainAccountHides() throws Exception {
        Message m1 = message("33333333", "one", "W1XYZ");
        Message m2 = message("44444444", "two", "W1XYZ");
        FullSession peer = full("node2-dev", "node2", "pw2");
        peer.run(201, FullSession.add(3, m1), FullSession.add(4, m2));
        FullSession alice = full("alice-dev", "alice", "secret");
        alice.run(201);

        FullSession.Outcome hid = alice.run(200, FullSession.delete(3, m1.id().value()));
        assertEquals("200", hid.statusOf(m1.id().value()));
        assertTrue(store.read(tx -> tx.message(m1.id())).isPresent(), "a plain account's Delete only hides");
        assertTrue(store.<Boolean>read(tx -> tx.isHidden("alice", m1.id())));

        FullSession.Outcome purged = peer.run(200, FullSession.delete(3, m2.id().value()));
        assertEquals("200", purged.statusOf(m2.id().value()));
        assertEquals(List.of(), purged.received(), "its own Delete is not echoed back");
        assertTrue(store.read(tx -> tx.tombstone(m2.id())).isPresent(), "a peer's Delete purges zone-wide");
        assertEquals(List.of(m2.id().value()), alice.run(200).deleted(), "and reaches the other clients");

        long before = lastSeq();
        assertEquals("200", peer.run(200, FullSession.delete(3, m2.id().value())).statusOf(m2.id().value()));
        assertEquals(before, lastSeq(), "a second Delete of a purged message changes nothing");
    }

    @Test
    void aPeersDeleteOfAGuidItNeverMappedPurgesEvenAnUnknownOne() throws Exception {
        FullSession alice = full("alice-dev", "alice", "secret");
        Message m = message("55555555", "held elsewhere", "N0CALL");
        alice.run(201, FullSession.add(3, m));
        FullSession peer = full("node2-dev", "node2", "pw2");
        peer.run(201); // receives m and maps it
        FullSession fresh = full("node3-dev", "node3", "pw3"); // never synced: maps nothing
        MessageId unknown = new MessageId("66666666-1764000000-00000000");

        FullSession.Outcome o = fresh.run(201, FullSession.delete(3, m.id().value()), FullSession.delete(4, unknown.value()));

        assertEquals("200", o.statusOf(m.id().value()));
        assertEquals("200", o.statusOf(unknown.value()));
        assertTrue(store.read(tx -> tx.tombstone(m.id())).isPresent());
        assertTrue(store.read(tx -> tx.tombstone(unknown)).isPresent(), "a Delete that overtook its Add stops the Add");
        FullSession.Outcome late = peer.run(200);
        assertEquals(List.of(m.id().value()), late.deleted().stream().filter(d -> d.equals(m.id().value())).toList());
        assertTrue(late.deleted().contains(unknown.value()), "a purge goes out by GUID even to a client with no map entry");
        Message lateAdd = new Message(unknown, 1_764_000_000L, "late add", "W1XYZ", "n", "pi", "");
        FullSession.Outcome refused = peer.run(200, FullSession.add(3, lateAdd));
        assertEquals(List.of(unknown.value()), refused.deleted(), "the late Add is refused and deleted back");
        assertEquals(Optional.empty(), store.read(tx -> tx.message(unknown)));
    }

    @Test
    void aSlowSyncSendsEveryTombstoneAsADeleteFirst() throws Exception {
        Message keep = message("77777777", "kept", "W1XYZ");
        Message gone = message("88888888", "gone", "W1XYZ");
        FullSession peer = full("node2-dev", "node2", "pw2");
        peer.run(201, FullSession.add(3, keep), FullSession.add(4, gone));
        peer.run(200, FullSession.delete(3, gone.id().value()));

        FullSession returning = full("node3-dev", "node3", "pw3");
        FullSession.Outcome o = returning.run(201, FullSession.add(3, gone));

        assertEquals(List.of(gone.id().value()), o.deleted(), "one Delete for the tombstone (and its refused Add)");
        assertEquals(Command.Kind.DELETE, o.received().get(0).kind(), "Deletes come first");
        assertEquals(List.of(keep), o.added(), "then what the client lacks");
    }

    @Test
    void aMalformedItemGets400AndTheRestOfTheMessageIsApplied() throws Exception {
        FullSession peer = full("node2-dev", "node2", "pw2");
        Message good = message("99999999", "good", "W1XYZ");

        FullSession.Outcome o = peer.run(201, FullSession.item(Command.Kind.ADD, 3, "bad1", "Id: nope\n\ntext"),
                FullSession.item(Command.Kind.ADD, 4, "bad2", "no header at all"), FullSession.add(5, good));

        assertEquals("400", o.statusOf("bad1"));
        assertEquals("400", o.statusOf("bad2"));
        assertEquals("201", o.statusOf(good.id().value()));
        assertEquals(List.of(good), store.read(tx -> tx.newest(10, null, null)));
        assertFalse(store.read(tx -> tx.guidForLuid(new ClientKey("node2", "node2-dev", FullSession.DB), "bad1")).isPresent());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void theDevInfListsTheLosslessDatastoreBesideTheMemoOneToAPeerOnly(Encoding encoding) throws Exception {
        DevInf devInf = askDevInf(encoding, "node2-dev", "node2", "pw2");
        DevInf.DataStore full = devInf.dataStores().stream().filter(d -> d.sourceRef().equals(MessageItem.DATASTORE))
                .findFirst().orElseThrow(() -> new AssertionError("no meshchat-full in " + devInf.dataStores()));
        DevInf.ContentType type = new DevInf.ContentType(MessageItem.CONTENT_TYPE, MessageItem.VERSION);
        assertEquals(type, full.rxPref());
        assertEquals(type, full.txPref());
        assertTrue(full.syncTypes().containsAll(List.of("1", "2")));
        assertEquals(List.of("meshchat", MessageItem.DATASTORE), devInf.dataStores().stream().map(DevInf.DataStore::sourceRef).toList());
        // a memo account's DevInf leaves it out (issue 10: bytes of every idle session)
        assertEquals(List.of("meshchat"), askDevInf(encoding, "dev-i", "alice", "secret").dataStores().stream()
                .map(DevInf.DataStore::sourceRef).toList());
    }

    private DevInf askDevInf(Encoding encoding, String device, String user, String password) throws Exception {
        TestSyncClient c = new TestSyncClient(endpoint.url, device, user, password);
        c.encoding = encoding;
        c.newSession();
        SyncMessage r = c.send(List.of(new Get("1", false, MetInf.ofType(encoding.devInfContentType),
                List.of(Item.text(Location.of("./devinf12"), null, null, null)))), true);
        return r.commands().stream().filter(x -> x instanceof Results).flatMap(x -> x.items().stream())
                .map(Item::devInf).filter(d -> d != null).findFirst().orElseThrow();
    }

    @Test
    void aChannelViewOfTheFullDatastoreHasItsOwnAnchorsAndMessages() throws Exception {
        FullSession peer = full("node2-dev", "node2", "pw2");
        Message ops = Message.create("aaaaaaaa", 1_764_000_100L, "ops only", "W1XYZ", "n", "pi", "Ops");
        Message other = Message.create("bbbbbbbb", 1_764_000_100L, "elsewhere", "W1XYZ", "n", "pi", "");
        peer.run(201, FullSession.add(3, ops), FullSession.add(4, other));

        FullSession view = new FullSession(new TestSyncClient(endpoint.url, "r", "root", "admin"), FullSession.DB + "?channel=Ops");
        assertEquals(List.of(ops), view.run(201).added());
        assertTrue(store.read(tx -> tx.syncState(new ClientKey("root", "r", FullSession.DB + "?channel=Ops"))).isPresent());
    }
}
