package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import meshchat.syncml.chat.Message;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;

/** The door for posts and purges, on a real Derby store: who may post as whom, who may purge, and what a purge found. */
class ChatDeskTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Account BOB = Account.user("bob", "pw", null);
    static final Account ADMIN = Account.admin("root", "pw", "K1OPS");
    static final Account PEER = Account.peerNode("node-b", "pw");

    @TempDir
    Path dir;
    Store store;
    ChatDesk desk;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        store.write(tx -> {
            tx.putAccount(BOB);
            return null;
        });
        desk = new ChatDesk(store, "node-a", Clock.fixed(NOW, ZoneOffset.UTC), new Random(1));
    }

    @AfterEach
    void close() {
        store.close();
    }

    Message stored(Message m) {
        store.write(tx -> tx.addMessage(m, "test"));
        return m;
    }

    @Test
    void aPlainAccountPostsUnderItsOwnCallSignOnlyAndARelayUnderAny() {
        AtomicInteger changes = new AtomicInteger();
        store.onChange(changes::incrementAndGet);
        Message own = ((PostOutcome.Posted) desk.post(BOB, "bob", null, "hello")).message();
        assertEquals(List.of("BOB", "node-a", "pi", "", NOW.getEpochSecond()),
                List.of(own.callSign(), own.node(), own.platform(), own.channel(), own.epoch()));
        PostOutcome refused = desk.post(BOB, "KA1DM", "ops", "as someone else");
        assertEquals("account bob posts as BOB; only admins and peer accounts may post under another call sign (KA1DM)",
                ((PostOutcome.Forbidden) refused).reason());
        Message relayed = ((PostOutcome.Posted) desk.post(PEER, "KA1DM", "ops", "relayed")).message();
        assertEquals(List.of("KA1DM", "ops"), List.of(relayed.callSign(), relayed.channel()));
        assertEquals(2L, (long) store.<Long>read(tx -> tx.messageCount()), "the refused post stored nothing");
        assertEquals(2, changes.get(), "each post woke the change listeners once");
        assertThrows(IllegalArgumentException.class, () -> desk.post(BOB, null, null, " \t "));
    }

    @Test
    void onlyAnAccountThatMayPurgePurgesAndTheOutcomeSaysWhatWasFound() {
        Message a = stored(Message.create("0000000a", 100, "first", "K1", "n", "pi", ""));
        Message b = stored(Message.create("0000000a", 100, "second", "K1", "n", "pi", ""));
        Message c = stored(Message.create("0000000c", 100, "third", "K1", "n", "pi", ""));

        assertEquals(PurgeOutcome.Kind.FORBIDDEN, desk.purge(BOB, c.id().value()).kind());
        assertTrue(desk.find(c.v2Id()).contains(c), "a refused purge leaves the message");
        assertEquals(PurgeOutcome.Kind.NOT_AN_ID, desk.purge(ADMIN, "zzz").kind());
        assertEquals(new PurgeOutcome.NotFound("0000000f"), desk.purge(ADMIN, "0000000f"));
        PurgeOutcome.Ambiguous two = (PurgeOutcome.Ambiguous) desk.purge(ADMIN, "0000000a");
        assertEquals(List.of(a.id(), b.id()), two.candidates().stream().map(Message::id).sorted().toList());

        assertEquals(new PurgeOutcome.Purged(c), desk.purge(PEER, c.v2Id()), "a peer node's account purges");
        PurgeOutcome again = desk.purge(ADMIN, c.id().value());
        assertEquals(List.of("node-b", NOW), List.of(((PurgeOutcome.AlreadyPurged) again).tombstone().purgedBy(),
                ((PurgeOutcome.AlreadyPurged) again).tombstone().purgedAt()));
        assertEquals(PurgeOutcome.Kind.NOT_FOUND, desk.purge(ADMIN, c.v2Id()).kind(), "a v2 id finds no tombstone");
        assertEquals(new PurgeOutcome.Purged(a), desk.purgeAsOperator("console", a.id().value()));
        assertEquals(List.of(b), desk.find("0000000a"));
    }
}
