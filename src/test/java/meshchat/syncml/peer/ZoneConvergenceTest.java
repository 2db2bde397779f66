package meshchat.syncml.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.RandomCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a zone of five real servers (Jetty and Derby each) in a random connected topology
 * lives through random posts (JSON API, straight into the store, the same message on two nodes),
 * admin purges, memo clients writing, deleting and slow-syncing, partitions (links down for a
 * while), restarts and one restore from an old copy of a data folder. Peer sessions are driven
 * one at a time on this thread (PeerClient over HttpPeerExchange), so a seed replays the same
 * steps in the same order (only clock-made values, GUIDs of API posts and anchors, differ).
 * After healing (every link up, then rounds of one session per link until a round moves nothing,
 * at most seven) every node holds the same messages with the same fields, none that was purged
 * anywhere (the union of every node's tombstones) nor any purged text under another GUID, and
 * every posted message that was neither purged nor lost with the restored folder; and one more
 * round moves nothing on any link (no loop). A node that is the client of a link holds memo slow
 * syncs after each start until one of its peer sessions completes (503, as {@code serve --peer});
 * a held sync is "try again later", and held devices sync again after healing (then heal again).
 *
 * <p>Seeded by {@link RandomCases}: 3 cases of {@value #DEFAULT_STEPS} steps in CI. More:
 * {@code mvn -B -q test -Dfuzz.skip=true -Dtest=ZoneConvergenceTest -Dproperty.cases=20 -Dzone.steps=150};
 * replay a failure with the {@code -Dproperty.seed=… -Dproperty.case=…} its message prints (and the
 * same {@code -Dzone.steps}).
 */
class ZoneConvergenceTest {
    static final int DEFAULT_STEPS = 40;
    static final int NODES = 5;
    static final int MEMO_DEVICES = 2;

    @TempDir
    Path root;
    private final AtomicInteger cases = new AtomicInteger();

    @Test
    void aZoneConvergesAndNoPurgedMessageComesBack() {
        int steps = Integer.getInteger("zone.steps", DEFAULT_STEPS);
        RandomCases.forAll("a zone converges", 3, rnd -> ZoneScenario.generate(rnd, NODES, steps, MEMO_DEVICES),
                this::converges, ZoneScenario::toString);
    }

    private void converges(ZoneScenario scenario) throws Exception {
        try (Zone zone = new Zone(root.resolve("case-" + cases.incrementAndGet()),
                ZoneNode.template(root.resolve("template")), scenario, ZonePeerSessions::sync)) {
            try {
                zone.play();
                zone.syncDevices();
                List<Zone.Session> healing = zone.heal(NODES + 2);
                List<String> problems = new ArrayList<>();
                if (!zone.heldDevices.isEmpty()) {
                    // a memo slow sync held (503) on a node not caught up yet: every node has synced now, so again
                    zone.syncDevices();
                    healing = zone.heal(NODES + 2);
                    zone.heldDevices.forEach(d -> problems.add("memo-dev-" + d + " is still held after healing"));
                }
                for (int i = 0; i < healing.size(); i++) {
                    if (!healing.get(i).ok()) {
                        problems.add("link " + scenario.links().get(i) + " still fails after healing: " + healing.get(i));
                    }
                }
                problems.addAll(differences(zone));
                if (problems.isEmpty()) {
                    List<Zone.Session> extra = zone.round("one more round");
                    for (int i = 0; i < extra.size(); i++) {
                        if (!extra.get(i).movedNothing()) {
                            problems.add("link " + scenario.links().get(i) + " still moves items (a loop?): " + extra.get(i));
                        }
                    }
                }
                if (!problems.isEmpty()) {
                    throw new AssertionError(String.join("\n", problems) + "\nsteps so far:\n  " + zone.describeLog());
                }
            } catch (Exception e) {
                throw new AssertionError(e + "\nsteps so far:\n  " + zone.describeLog(), e);
            }
        }
    }

    /** What differs between the nodes, what was lost and what came back; empty when converged. */
    static List<String> differences(Zone zone) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Message>> held = new ArrayList<>();
        Set<String> tombstoned = new TreeSet<>(zone.purged);
        for (ZoneNode node : zone.nodes) {
            held.add(node.messages());
            tombstoned.addAll(node.tombstones().keySet());
        }
        Set<String> purgedTexts = new java.util.HashSet<>(zone.purgedTexts.values());
        Map<String, Message> reference = held.get(0);
        for (int i = 0; i < held.size(); i++) {
            Map<String, Message> mine = held.get(i);
            String name = zone.nodes.get(i).name;
            for (Message m : mine.values()) {
                if (tombstoned.contains(m.id().value())) {
                    problems.add(name + " still holds purged " + m.id() + ": " + m);
                } else if (purgedTexts.contains(m.text())) {
                    problems.add(name + " holds the text of a purged message under another GUID (resurrected): " + m);
                }
            }
            for (String guid : zone.posted) {
                if (!tombstoned.contains(guid) && !mine.containsKey(guid)) {
                    problems.add(name + " lost posted " + guid);
                }
            }
            if (i == 0) {
                continue;
            }
            Set<String> all = new TreeSet<>(reference.keySet());
            all.addAll(mine.keySet());
            for (String guid : all) {
                Message a = reference.get(guid);
                Message b = mine.get(guid);
                if (a == null || b == null || !a.equals(b)) {
                    problems.add(guid + ": " + zone.nodes.get(0).name + " holds " + a + ", " + name + " holds " + b);
                }
            }
        }
        return problems;
    }
}
