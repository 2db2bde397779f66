package meshchat.syncml.peer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A random zone life, drawn whole from one seeded Random before anything runs, so a case is
 * replayed from its seed alone and printed in full when it fails: a connected topology (a random
 * spanning tree plus a few extra edges, each link with the node that plays the SyncML client),
 * where the memo devices live, and the steps. Steps name nodes, links and devices by index and
 * carry a random number {@code n} that picks a message at run time (modulo what is there), so the
 * same scenario always does the same thing against the same code.
 */
record ZoneScenario(int nodes, List<Link> links, int[] memoHomes, List<Step> steps) {

    /** A peer link: {@code client} runs the sessions against {@code server}. */
    record Link(int client, int server) {
        @Override
        public String toString() {
            return client + "->" + server;
        }
    }

    enum Kind {
        /** admin of node a posts through the JSON API (call sign and channel drawn from n). */
        POST_API,
        /** a message written straight into node a's store, as ChatDesk does (Tx.addMessage). */
        POST_DESK,
        /** the same message (same fields, same GUID) written on nodes a and b: two paths, one message. */
        POST_TWICE,
        /** admin of node a purges the n-th message it holds, through the JSON API. */
        PURGE,
        /** memo device a writes a memo. */
        MEMO_WRITE,
        /** memo device a deletes its n-th memo (a hide on its node, not a purge). */
        MEMO_DELETE,
        /** memo device a syncs with its node (two-way, or slow when asked). */
        MEMO_SYNC,
        /** memo device a forgets its anchors and slow-syncs. */
        MEMO_SLOW,
        /** one peer session over link a (skipped while the link is down); n > 0: the reply to its n-th message is lost. */
        SYNC,
        LINK_DOWN,
        LINK_UP,
        /** node a stops (Jetty, then the store) and starts again from the same folder; the first time, its folder is backed up. */
        RESTART,
        /** node a stops and starts from its backup (an old copy of its data folder). */
        RESTORE
    }

    record Step(Kind kind, int a, int b, int n) {
        @Override
        public String toString() {
            return kind + "(" + a + (kind == Kind.POST_TWICE ? "," + b : "") + (n != 0 ? ",n=" + n : "") + ")";
        }
    }

    static ZoneScenario generate(Random rnd, int nodes, int stepCount, int memoDevices) {
        List<Link> links = new ArrayList<>();
        Set<Long> edges = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, rnd);
        for (int i = 1; i < nodes; i++) {
            addLink(rnd, links, edges, order.get(i), order.get(rnd.nextInt(i)));
        }
        int extra = 1 + rnd.nextInt(3);
        for (int tries = 0; extra > 0 && tries < 50; tries++) {
            int x = rnd.nextInt(nodes);
            int y = rnd.nextInt(nodes);
            if (x != y && addLink(rnd, links, edges, x, y)) {
                extra--;
            }
        }
        int[] homes = new int[memoDevices];
        for (int d = 0; d < memoDevices; d++) {
            homes[d] = rnd.nextInt(nodes);
        }
        List<Step> steps = new ArrayList<>();
        for (int s = 0; s < stepCount; s++) {
            steps.add(step(rnd, nodes, links.size(), memoDevices));
        }
        // every life has a restart early and a restore from that backup late, whatever the dice say
        int victim = rnd.nextInt(nodes);
        steps.add(rnd.nextInt(Math.max(1, stepCount / 3)), new Step(Kind.RESTART, victim, 0, 0));
        steps.add(steps.size() - rnd.nextInt(Math.max(1, stepCount / 3)), new Step(Kind.RESTORE, victim, 0, 0));
        return new ZoneScenario(nodes, List.copyOf(links), homes, List.copyOf(steps));
    }

    private static boolean addLink(Random rnd, List<Link> links, Set<Long> edges, int x, int y) {
        long key = (long) Math.min(x, y) << 32 | Math.max(x, y);
        if (!edges.add(key)) {
            return false;
        }
        links.add(rnd.nextBoolean() ? new Link(x, y) : new Link(y, x));
        return true;
    }

    private static Step step(Random rnd, int nodes, int links, int devices) {
        int roll = rnd.nextInt(100);
        int n = 1 + rnd.nextInt(1_000);
        int node = rnd.nextInt(nodes);
        int device = rnd.nextInt(devices);
        int link = rnd.nextInt(links);
        if (roll < 34) {
            return new Step(Kind.SYNC, link, 0, rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(4) : 0);
        } else if (roll < 46) {
            return new Step(Kind.POST_API, node, 0, n);
        } else if (roll < 51) {
            return new Step(Kind.POST_DESK, node, 0, n);
        } else if (roll < 54) {
            int other = (node + 1 + rnd.nextInt(nodes - 1)) % nodes;
            return new Step(Kind.POST_TWICE, node, other, n);
        } else if (roll < 62) {
            return new Step(Kind.PURGE, node, 0, n);
        } else if (roll < 68) {
            return new Step(Kind.MEMO_WRITE, device, 0, n);
        } else if (roll < 70) {
            return new Step(Kind.MEMO_DELETE, device, 0, n);
        } else if (roll < 77) {
            return new Step(Kind.MEMO_SYNC, device, 0, 0);
        } else if (roll < 79) {
            return new Step(Kind.MEMO_SLOW, device, 0, 0);
        } else if (roll < 87) {
            return new Step(Kind.LINK_DOWN, link, 0, 0);
        } else if (roll < 95) {
            return new Step(Kind.LINK_UP, link, 0, 0);
        } else {
            return new Step(Kind.RESTART, node, 0, 0);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(nodes).append(" nodes, links ").append(links).append(", memo devices on nodes ")
                .append(java.util.Arrays.toString(memoHomes)).append(", ").append(steps.size()).append(" steps: ");
        for (int i = 0; i < steps.size(); i++) {
            b.append(i == 0 ? "" : " ").append(i).append(':').append(steps.get(i));
        }
        return b.toString();
    }
}
