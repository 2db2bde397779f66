package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Tombstone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a Delete on meshchat-full carries the purged text's hash, and a node that never held the
 * message keeps it with its tombstone, so a memo client's copy of the text is still recognised there.
 * Both roles, in memory on real stores: node A (client role) syncs with node B (server role). A Delete
 * without a hash (an older node) or with a malformed one still purges, without a hash; a plain
 * account's Delete only hides.
 */
class DeleteTextHashTest {
    private static final String PASSWORD = "a-to-b";

    @TempDir
    Path dir;
    PeerNode a;
    PeerNode b;

    @BeforeEach
    void nodes() {
        a = PeerNode.of(dir, "node-a");
        b = PeerNode.of(dir, "node-b").accepts(a, PASSWORD);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static String hashAt(PeerNode node, MessageId id) {
        return node.store.read(tx -> tx.tombstone(id)).orElseThrow(() -> new AssertionError(node.name
                + " has no tombstone for " + id)).textHash();
    }

    /** A message posted and purged on {@code node} before any sync: its peers never held it. */
    private static Message postedAndPurged(PeerNode node, String text) {
        Message m = node.post(text);
        node.purge(m.id());
        return m;
    }

    private PeerSessionResult aSyncsWithB(PeerExchange x) {
        PeerSessionResult r = a.client.sync(new PeerLink(b.url(), a.name, PASSWORD, Encoding.WBXML), x);
        assertTrue(r.ok(), r.toString());
        return r;
    }

    // --- server role: B receives A's Deletes

    @Test
    void serverRoleKeepsTheHashOfAPeersDeleteForAMessageItNeverHeld() {
        Message m = postedAndPurged(a, "purged on a before b ever saw it");
        InMemoryExchange x = a.exchangeTo(b, Encoding.WBXML);
        aSyncsWithB(x);
        assertFalse(b.messages().containsKey(m.id().value()));
        assertEquals(Tombstone.textHash(m.text()), hashAt(b, m.id()));
        assertTrue(deleteData(x.sent).stream().anyMatch(d -> d.equals("Text-Hash: " + Tombstone.textHash(m.text()) + "\n")),
                "the Delete went out with its hash line: " + deleteData(x.sent));
        assertEquals(m.id(), b.store.read(tx -> tx.tombstoneByText(m.text())).orElseThrow().id(),
                "b recognises the text now");
    }

    @Test
    void serverRolePurgesWithoutAHashWhenTheDeleteHasNone() {
        Message m = postedAndPurged(a, "from an older node: no hash");
        aSyncsWithB(rewritingRequests(a.exchangeTo(b, Encoding.WBXML), data -> null, new ArrayList<>()));
        assertNull(hashAt(b, m.id()), "purged, with no hash");
    }

    @Test
    void serverRoleIgnoresAMalformedHashButStillPurges() {
        Message m1 = postedAndPurged(a, "short hash");
        Message m2 = postedAndPurged(a, "not hex");
        List<SyncMessage> replies = new ArrayList<>();
        aSyncsWithB(rewritingRequests(a.exchangeTo(b, Encoding.WBXML), data -> data == null ? null
                : data.contains(Tombstone.textHash(m1.text())) ? "Text-Hash: " + "ab".repeat(31) + "\n"
                : "Text-Hash: " + "zz".repeat(32) + "\n", replies));
        assertNull(hashAt(b, m1.id()));
        assertNull(hashAt(b, m2.id()));
        assertEquals(List.of("200", "200"), deleteStatuses(replies), "both Deletes applied");
    }

    @Test
    void aPlainAccountsDeleteHidesAndItsHashIsIgnored() {
        b.store.write(tx -> {
            tx.putAccount(Account.user("carol", "carol-pw", "K1CAR"));
            return null;
        });
        Message held = b.post("b's message, which carol deletes on her side");
        PeerLink carol = new PeerLink(b.url(), "carol", "carol-pw", Encoding.WBXML);
        assertTrue(a.client.sync(carol, a.exchangeTo(b, Encoding.WBXML)).ok(), "a gets b's message");
        Message unknown = postedAndPurged(a, "never on b");
        a.purge(held.id());
        InMemoryExchange x = a.exchangeTo(b, Encoding.WBXML);
        assertTrue(a.client.sync(carol, x).ok());
        assertTrue(deleteData(x.sent).size() >= 2, "both Deletes carried a hash: " + deleteData(x.sent));
        assertTrue(b.messages().containsKey(held.id().value()), "a plain account's Delete does not purge");
        assertTrue(b.store.<Boolean>read(tx -> tx.isHidden("carol", held.id())), "it hides the message from carol");
        assertFalse(b.tombstoned(held.id()));
        assertFalse(b.tombstoned(unknown.id()), "nor does it tombstone an unknown GUID");
        assertTrue(b.store.read(tx -> tx.tombstoneByText(unknown.text())).isEmpty(), "its hash is not kept");
    }

    // --- client role: A receives B's Deletes

    @Test
    void clientRoleKeepsTheHashOfThePeersDeleteInASlowSyncAndInATwoWaySync() {
        Message slow = postedAndPurged(b, "purged on b before a's first sync");
        aSyncsWithB(a.exchangeTo(b, Encoding.XML));
        assertEquals(Tombstone.textHash(slow.text()), hashAt(a, slow.id()), "slow sync: from b's tombstones");
        Message twoWay = postedAndPurged(b, "purged on b between two syncs");
        PeerSessionResult r = aSyncsWithB(a.exchangeTo(b, Encoding.WBXML));
        assertEquals("two-way", r.mode());
        assertEquals(Tombstone.textHash(twoWay.text()), hashAt(a, twoWay.id()), "two-way: from b's change log");
    }

    @Test
    void clientRolePurgesWithoutAHashWhenTheDeleteHasNoneOrABadOne() {
        Message none = postedAndPurged(b, "no hash");
        Message bad = postedAndPurged(b, "bad hash");
        String badHash = Tombstone.textHash(bad.text());
        aSyncsWithB(a.exchangeTo(b, Encoding.WBXML).tampering(m -> withDeleteData(m, data -> data == null ? null
                : data.contains(badHash) ? "Text-Hash: " + badHash.substring(1) + "\n" : null)));
        assertNull(hashAt(a, none.id()));
        assertNull(hashAt(a, bad.id()));
    }

    @Test
    void theHashTravelsOnThroughANodeThatNeverHeldTheMessage() {
        PeerNode c = PeerNode.of(dir, "node-c").accepts(b, "b-to-c");
        try {
            Message m = postedAndPurged(c, "posted and purged on c");
            assertTrue(b.client.sync(new PeerLink(c.url(), b.name, "b-to-c", Encoding.WBXML),
                    b.exchangeTo(c, Encoding.WBXML)).ok());
            assertFalse(b.messages().containsKey(m.id().value()));
            aSyncsWithB(a.exchangeTo(b, Encoding.WBXML));
            assertEquals(Tombstone.textHash(m.text()), hashAt(a, m.id()), "c -> b (client role) -> a (server role of b)");
        } finally {
            c.close();
        }
    }

    // --- helpers

    /** The Data of every Delete item in these messages (those with none left out). */
    private static List<String> deleteData(List<SyncMessage> messages) {
        List<String> out = new ArrayList<>();
        for (SyncMessage m : messages) {
            for (Command c : m.commands()) {
                if (c instanceof Sync s) {
                    for (Command i : s.commands()) {
                        if (i.kind() == Command.Kind.DELETE) {
                            i.items().stream().map(Item::data).filter(d -> d != null).forEach(out::add);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** B's statuses for A's Deletes. */
    private static List<String> deleteStatuses(List<SyncMessage> replies) {
        List<String> out = new ArrayList<>();
        for (SyncMessage reply : replies) {
            for (Command c : reply.commands()) {
                if (c instanceof Status st && "Delete".equals(st.cmd())) {
                    out.add(st.data());
                }
            }
        }
        return out;
    }

    /** Every Delete item of {@code m} with its Data rewritten (null: none). */
    static SyncMessage withDeleteData(SyncMessage m, UnaryOperator<String> rewrite) {
        List<Command> out = new ArrayList<>();
        for (Command c : m.commands()) {
            if (c instanceof Sync s) {
                List<Command> inner = new ArrayList<>();
                for (Command i : s.commands()) {
                    if (i instanceof ItemCommand ic && ic.kind() == Command.Kind.DELETE) {
                        inner.add(new ItemCommand(ic.kind(), ic.cmdId(), ic.noResp(), ic.archive(), ic.sftDel(), ic.meta(),
                                ic.items().stream().map(it -> it.withText(rewrite.apply(it.data()))).toList()));
                    } else {
                        inner.add(i);
                    }
                }
                out.add(new Sync(s.cmdId(), s.noResp(), s.target(), s.source(), s.meta(), s.numberOfChanges(), inner));
            } else {
                out.add(c);
            }
        }
        return new SyncMessage(m.header(), out, m.fin());
    }

    /** Our requests with their Deletes' Data rewritten on the way to the peer (an older or a broken node). */
    private static PeerExchange rewritingRequests(InMemoryExchange x, UnaryOperator<String> rewrite,
                                                  List<SyncMessage> replies) {
        return new PeerExchange() {
            @Override
            public SyncMessage send(SyncMessage request, String url) throws IOException {
                SyncMessage reply = x.send(withDeleteData(request, rewrite), url);
                replies.add(reply);
                return reply;
            }

            @Override
            public int encodedSize(SyncMessage message) {
                return x.encodedSize(message);
            }
        };
    }
}
