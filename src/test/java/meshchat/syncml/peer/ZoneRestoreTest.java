package meshchat.syncml.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import meshchat.syncml.chat.Message;
import meshchat.syncml.peer.ZoneScenario.Kind;
import meshchat.syncml.peer.ZoneScenario.Link;
import meshchat.syncml.peer.ZoneScenario.Step;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, found by the zone convergence harness: a node restored from an old copy of its data
 * folder, whose memo client slow-syncs before the node has synced with its peers. The memo client
 * holds copies of messages it received from that node; the restored node no longer knows them
 * (nor their tombstones), and a memo item carries no GUID, so it can only be matched by text.
 * Two nodes: node 1 is the SyncML client of node 0; the memo device lives on node 1.
 *
 * <p>Both tests fail on main at 9d05997 (the memo's copy is stored again as a new message of the
 * memo account, with the memo account's call sign, and spreads over the zone); they are disabled
 * so that the build stays green until the server side decides what a restored node does with a
 * memo slow sync. Run them with {@code -Dtest=ZoneRestoreTest -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
 */
@Disabled("issue 8 finding: a memo slow sync against a node restored from an old folder re-posts the memo's"
        + " copies (a purged text comes back under a new GUID); see the class comment")
class ZoneRestoreTest {
    @TempDir
    Path root;

    private Zone play(List<Step> steps) throws Exception {
        ZoneScenario scenario = new ZoneScenario(2, List.of(new Link(1, 0)), new int[] {1}, steps);
        Zone zone = new Zone(root.resolve("zone"), ZoneNode.template(root.resolve("template")), scenario,
                ZonePeerSessions::sync);
        zone.play();
        zone.heal(4);
        return zone;
    }

    @Test
    void aMemoSlowSyncAgainstARestoredNodeDoesNotBringBackAPurgedMessage() throws Exception {
        try (Zone zone = play(List.of(
                new Step(Kind.RESTART, 1, 0, 0),   // node 1's backup: no messages yet
                new Step(Kind.POST_API, 0, 0, 1),  // message M on node 0
                new Step(Kind.SYNC, 0, 0, 0),      // node 1 gets M
                new Step(Kind.MEMO_SYNC, 0, 0, 0), // the memo device gets M
                new Step(Kind.PURGE, 0, 0, 0),     // admin purges M on node 0
                new Step(Kind.SYNC, 0, 0, 0),      // node 1 purges M (tombstone)
                new Step(Kind.RESTORE, 1, 0, 0),   // node 1 back to its old folder: no M, no tombstone
                new Step(Kind.MEMO_SLOW, 0, 0, 0)))) { // the memo device offers M's text
            assertEquals(List.of(), ZoneConvergenceTest.differences(zone),
                    "steps:\n  " + zone.describeLog());
        }
    }

    @Test
    void aMemoSlowSyncAgainstARestoredNodeDoesNotPostItsCopiesAgain() throws Exception {
        try (Zone zone = play(List.of(
                new Step(Kind.RESTART, 1, 0, 0),
                new Step(Kind.POST_API, 0, 0, 1),
                new Step(Kind.SYNC, 0, 0, 0),
                new Step(Kind.MEMO_SYNC, 0, 0, 0),
                new Step(Kind.RESTORE, 1, 0, 0),
                new Step(Kind.MEMO_SLOW, 0, 0, 0)))) {
            assertEquals(List.of(), ZoneConvergenceTest.differences(zone), "steps:\n  " + zone.describeLog());
            Map<String, List<Message>> byText = zone.nodes.get(0).messages().values().stream()
                    .collect(Collectors.groupingBy(Message::text));
            assertEquals(List.of(), byText.values().stream().filter(l -> l.size() > 1).toList(),
                    "the same text stored once, under its author's call sign; steps:\n  " + zone.describeLog());
        }
    }
}
