package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.protocol.RandomCases;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlay's promise, on real Derby: after any sequence of decided changes, {@link PendingChanges}
 * answers every read exactly as the store answers once the changes are applied. Seeded
 * ({@link RandomCases}: -Dproperty.seed, -Dproperty.case to replay one case).
 */
class PendingChangesOverlayTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final int LUIDS = 5;
    private static final int GUIDS = 5;

    @TempDir
    Path dir;

    /** One decided change: kind 0 put, 1 insert, 2 remove, 3 clear, 4 purge, 5 hide, 6 post; l and g pick a LUID, a GUID. */
    record Op(int kind, int l, int g) {
        @Override
        public String toString() {
            return switch (kind) {
                case 0 -> "put(L" + l + ",M" + g + ")";
                case 1 -> "insert(L" + l + ",M" + g + ")";
                case 2 -> "remove(L" + l + ")";
                case 3 -> "clear";
                case 4 -> "purge(M" + g + ")";
                case 5 -> "hide(M" + g + ")";
                default -> "post(M" + g + ")";
            };
        }
    }

    /** The rows before the message (stored messages, maps as a LUID per GUID, -1: none) and the message's changes. */
    record Case(boolean[] stored, int[] mappedLuid, List<Op> ops) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("stored");
            for (int g = 0; g < GUIDS; g++) {
                b.append(stored[g] ? " M" + g : "");
            }
            b.append("; maps");
            for (int g = 0; g < GUIDS; g++) {
                b.append(mappedLuid[g] < 0 ? "" : " L" + mappedLuid[g] + "=M" + g);
            }
            return b.append("; ops ").append(ops).toString();
        }
    }

    private static Case draw(Random r) {
        boolean[] stored = new boolean[GUIDS];
        int[] mapped = new int[GUIDS];
        List<Integer> free = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        for (int g = 0; g < GUIDS; g++) {
            stored[g] = r.nextInt(4) > 0;
            mapped[g] = r.nextBoolean() ? free.remove(r.nextInt(free.size())) : -1;
        }
        List<Op> ops = new ArrayList<>();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(20);
            kind = kind < 6 ? 0 : kind < 9 ? 1 : kind < 12 ? 2 : kind < 13 ? 3 : kind < 15 ? 4 : kind < 17 ? 5 : 6;
            ops.add(new Op(kind, r.nextInt(LUIDS), r.nextInt(GUIDS)));
        }
        return new Case(stored, mapped, ops);
    }

    @Test
    void pendingChangesAnswerAsTheStoreDoesOnceApplied() throws Exception {
        AtomicInteger run = new AtomicInteger();
        try (Store store = Store.open(dir)) {
            RandomCases.forAll("overlay equals applied store", 300, PendingChangesOverlayTest::draw, c -> {
                int i = run.incrementAndGet(); // each case its own client and messages
                ClientKey key = new ClientKey("acct" + i, "dev", "meshchat");
                List<Message> ms = new ArrayList<>();
                for (int g = 0; g < GUIDS; g++) {
                    ms.add(Message.create(String.format("%04x%04x", i, g), NOW.getEpochSecond() - g, "case " + i + " text " + g,
                            "K1ABC", "node1", "pi", ""));
                }
                store.write(tx -> {
                    for (int g = 0; g < GUIDS; g++) {
                        if (c.stored()[g]) {
                            tx.addMessage(ms.get(g), "test");
                        }
                        if (c.mappedLuid()[g] >= 0) {
                            tx.putMap(key, "L" + c.mappedLuid()[g], ms.get(g).id());
                        }
                    }
                    return null;
                });
                store.write(tx -> {
                    PendingChanges p = new PendingChanges(new TxView(tx));
                    for (Op op : c.ops()) {
                        MessageId g = ms.get(op.g()).id();
                        String l = "L" + op.l();
                        switch (op.kind()) {
                            case 0 -> p.putMap(key, l, g);
                            case 1 -> {
                                if (p.guidForLuid(key, l).isEmpty() && p.luidForGuid(key, g).isEmpty()) {
                                    p.insertMap(key, l, g); // only where the store's INSERT may go
                                }
                            }
                            case 2 -> p.removeMap(key, l);
                            case 3 -> p.clearMaps(key);
                            case 4 -> p.purge(g, "root", NOW);
                            case 5 -> p.hide(key.account(), g);
                            default -> {
                                if (p.tombstone(g).isEmpty()) { // the rules post a purged GUID never
                                    p.post(ms.get(op.g()), "test");
                                }
                            }
                        }
                    }
                    List<String> predicted = answers(p, key, ms);
                    p.applyTo(tx);
                    assertEquals(predicted, answers(new TxView(tx), key, ms));
                    return null;
                });
            });
        }
    }

    /** Every read the rules make, for each LUID and message of the case, as lines. */
    private static List<String> answers(ServerView v, ClientKey key, List<Message> ms) {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < LUIDS; l++) {
            out.add("L" + l + " -> " + v.guidForLuid(key, "L" + l).map(MessageId::value).orElse("-"));
        }
        for (int g = 0; g < GUIDS; g++) {
            Message m = ms.get(g);
            out.add("M" + g + " luid " + v.luidForGuid(key, m.id()).orElse("-")
                    + ", stored " + v.message(m.id()).isPresent()
                    + ", tombstone " + v.tombstone(m.id()).isPresent()
                    + ", by text " + v.tombstoneByText(m.text()).map(t -> t.id().equals(m.id())).orElse(false)
                    + ", hidden " + v.isHidden(key.account(), m.id())
                    + ", v2 in use " + v.v2IdInUse(m.v2Id()));
        }
        List<String> visible = new ArrayList<>();
        for (Message m : v.visible(key.account())) {
            if (ms.contains(m)) {
                visible.add("M" + ms.indexOf(m));
            }
        }
        out.add("visible " + visible);
        List<String> texts = new ArrayList<>(); // what a slow sync's match index reads (its order may differ)
        v.eachVisibleText(key.account(), null, (guid, text) -> {
            for (int g = 0; g < GUIDS; g++) {
                if (ms.get(g).id().value().equals(guid)) {
                    texts.add("M" + g + " " + text);
                }
            }
        });
        texts.sort(null);
        out.add("visible texts " + texts);
        return out;
    }
}
