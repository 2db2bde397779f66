package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.engine.TombstonePruner;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tombstone retention (serve --tombstone-days, default 365): old tombstones are pruned, and a
 * meshchat-full client whose last completed sync is older than the retention gets a slow sync in
 * which an unknown message older than the retention is answered like a purged one. The last-sync
 * time is set back in the store to play a node that was away (no waiting, no clock tricks).
 */
class TombstoneRetentionTest {
    static final Duration RETENTION = ServerConfig.DEFAULT_TOMBSTONE_RETENTION;

    @TempDir
    Path data;
    Store store;
    SyncEndpoint endpoint;
    final Instant now = Instant.now();
    final Instant longAgo = now.minus(RETENTION).minus(Duration.ofDays(35));

    @BeforeEach
    void start() throws Exception {
        endpoint = SyncEndpoint.start(data);
        store = endpoint.store;
        store.write(tx -> {
            tx.putAccount(Account.peerNode("node2", "pw2"));
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private Message message(String v2Id, String text, Instant at) {
        return Message.create(v2Id, at.getEpochSecond(), text, "W1XYZ", "node-x", "pi", "");
    }

    private FullSession peer() {
        return new FullSession(new TestSyncClient(endpoint.url, "node2-dev", "node2", "pw2"), FullSession.DB);
    }

    private void awaySince(String device, String datastore, Instant at) {
        store.write(tx -> {
            tx.markSynced(new ClientKey("node2", device, datastore), at);
            return null;
        });
    }

    @Test
    void tombstonesOlderThanTheRetentionArePrunedAndNewerOnesKept() {
        Message old = message("10000001", "old purge", longAgo);
        Message recent = message("10000002", "recent purge", now);
        store.write(tx -> {
            tx.addMessage(old, "test");
            tx.addMessage(recent, "test");
            tx.purge(old.id(), "root", longAgo);
            tx.purge(recent.id(), "root", now.minus(Duration.ofDays(3)));
            return null;
        });

        try (TombstonePruner pruner = TombstonePruner.start(store, RETENTION, Clock.systemUTC())) {
            assertEquals(0, pruner.pruneNow(), "the start already pruned it");
        }

        assertEquals(Optional.empty(), store.read(tx -> tx.tombstone(old.id())));
        assertTrue(store.read(tx -> tx.tombstone(recent.id())).isPresent());
    }

    @Test
    void aPeerAwayLongerThanTheRetentionSlowSyncsAndItsUnknownOldMessagesAreNotStored() throws Exception {
        Message held = message("20000001", "we hold this", longAgo);
        Message zombie = message("20000002", "purged long ago, tombstone pruned", longAgo);
        Message recentPurge = message("20000003", "purged last week", now.minus(Duration.ofDays(9)));
        Message fresh = message("20000004", "new while away", now.minus(Duration.ofDays(2)));
        FullSession peer = peer();
        peer.run(201, FullSession.add(3, held), FullSession.add(4, zombie), FullSession.add(5, recentPurge));
        store.write(tx -> {
            tx.purge(zombie.id(), "root", longAgo);
            tx.purge(recentPurge.id(), "root", now.minus(Duration.ofDays(7)));
            return tx.pruneTombstones(now.minus(RETENTION));
        });
        awaySince("node2-dev", FullSession.DB, longAgo);

        // the node comes back: its first session is interrupted after the Alert, the second completes
        peer.client.newSession();
        List<Status> first = TestSyncClient.statuses(peer.client.send(List.of(alert(peer.anchor)), true));
        assertEquals("508", first.stream().filter(s -> "Alert".equals(s.cmd())).findFirst().orElseThrow().data());
        FullSession.Outcome o = peer.run(200, FullSession.add(3, held), FullSession.add(4, zombie),
                FullSession.add(5, recentPurge), FullSession.add(6, fresh));

        assertEquals("508", o.alertStatus(), "still away: the interrupted slow sync did not count");
        // only a real purge is deleted on the node: a Delete from a node is a zone-wide purge for its
        // peers, so an old unknown message (maybe a zombie, maybe a message we never got) is only not stored
        assertEquals(List.of(recentPurge.id().value()), o.deleted(), "the purged message is deleted on the node");
        assertEquals("201", o.statusOf(zombie.id().value()), "the node goes on");
        assertEquals(Optional.empty(), store.read(tx -> tx.message(zombie.id())), "no resurrection");
        assertEquals(Optional.empty(), store.read(tx -> tx.message(recentPurge.id())));
        assertTrue(store.read(tx -> tx.message(fresh.id())).isPresent(), "what is new since the retention is kept");
        assertTrue(store.read(tx -> tx.lastSynced(new ClientKey("node2", "node2-dev", FullSession.DB)))
                .orElseThrow().isAfter(longAgo));
        assertEquals("200", peer.run(200).alertStatus(), "back to two-way once it has synced");
    }

    @Test
    void aRefreshFromAPeerAwayLongerThanTheRetentionDoesNotStoreItsUnknownOldMessages() throws Exception {
        FullSession peer = peer();
        peer.run(201);
        awaySince("node2-dev", FullSession.DB, longAgo);
        Message zombie = message("40000001", "old and unknown", longAgo);
        Message fresh = message("40000002", "recent", now.minus(Duration.ofDays(1)));

        FullSession.Outcome o = peer.run(203, FullSession.add(3, zombie), FullSession.add(4, fresh));

        assertEquals("201", o.statusOf(zombie.id().value()), "the client goes on");
        assertEquals(List.of(), o.received(), "no command back in a refresh from client");
        assertEquals(Optional.empty(), store.read(tx -> tx.message(zombie.id())));
        assertTrue(store.read(tx -> tx.message(fresh.id())).isPresent());
    }

    @Test
    void aPeerThatSyncedRecentlyKeepsItsTwoWayAndItsOldMessagesAreStored() throws Exception {
        FullSession peer = peer();
        peer.run(201);
        Message oldButNew = message("30000001", "an old message we never had", longAgo);

        FullSession.Outcome o = peer.run(200, FullSession.add(3, oldButNew));

        assertEquals("200", o.alertStatus());
        assertEquals(List.of(), o.deleted());
        assertTrue(store.read(tx -> tx.message(oldButNew.id())).isPresent());
    }

    @Test
    void aMemoClientAwayLongerThanTheRetentionIsNotForcedToSlowSync() throws Exception {
        FullSession memo = new FullSession(new TestSyncClient(endpoint.url, "node2-dev", "node2", "pw2"), "meshchat");
        memo.run(201);
        awaySince("node2-dev", "meshchat", longAgo);

        assertEquals("200", memo.run(200).alertStatus(),
                "SyncEvolution refuses unasked slow syncs; purges still reach it through the change log");
        assertFalse(store.read(tx -> tx.lastSynced(new ClientKey("node2", "node2-dev", "meshchat"))).orElseThrow()
                .isBefore(now.minus(Duration.ofDays(1))));
    }

    private Alert alert(int anchor) {
        return new Alert("1", false, null, "200", List.of(new Item(Location.of(FullSession.DB), Location.of("./chat"),
                MetInf.EMPTY.withAnchor(new Anchor("F" + anchor, "F" + (anchor + 1))), null, null, null, false)));
    }
}
