package meshchat.syncml.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.http.MemoDevice;
import meshchat.syncml.peer.ZoneScenario.Link;
import meshchat.syncml.peer.ZoneScenario.Step;

/**
 * Plays a {@link ZoneScenario} on real servers ({@link ZoneNode}) and memo devices, one step at
 * a time on the test's thread (no background jobs, so a seed always replays the same way), and
 * keeps a log of every step with what it did, for the failure message. It also remembers every
 * GUID it posted and every GUID it purged, to check that nothing was lost and nothing came back.
 */
final class Zone implements AutoCloseable {

    /** Runs one whole peer session over a link, losing the reply to message loseReply (0: none). */
    @FunctionalInterface
    interface PeerSessions {
        Session sync(ZoneNode client, ZoneNode server, int loseReply) throws Exception;
    }

    /** What one peer session did. */
    record Session(boolean ok, String mode, int sent, int received, String error) {
        boolean movedNothing() {
            return ok && sent == 0 && received == 0;
        }

        @Override
        public String toString() {
            return ok ? mode + " sent " + sent + " received " + received : "FAILED " + mode + ": " + error;
        }
    }

    final ZoneScenario scenario;
    final List<ZoneNode> nodes = new ArrayList<>();
    final List<MemoDevice> devices = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    /** GUIDs posted by the harness (API and desk), and those purged with a 204. */
    final Set<String> posted = new LinkedHashSet<>();
    final Set<String> purged = new LinkedHashSet<>();
    /** The text of every message purged with a 204, by GUID: no message may carry it again. */
    final Map<String, String> purgedTexts = new HashMap<>();
    /** Memo devices whose last sync the server held (503: its node has not caught up with the zone); they try again later. */
    final Set<Integer> heldDevices = new LinkedHashSet<>();
    /** How many memo syncs were held so far. */
    int heldSyncs;
    private final PeerSessions sessions;
    private final Path root;
    private final boolean[] down;
    private final Map<Integer, Path> backups = new HashMap<>();
    private int texts;

    /** @param template see {@link ZoneNode#template} */
    Zone(Path root, Path template, ZoneScenario scenario, PeerSessions sessions) throws Exception {
        this.root = root;
        this.scenario = scenario;
        this.sessions = sessions;
        this.down = new boolean[scenario.links().size()];
        long t0 = System.nanoTime();
        for (int i = 0; i < scenario.nodes(); i++) {
            int node = i;
            boolean withPeers = scenario.links().stream().anyMatch(l -> l.client() == node); // as serve --peer
            nodes.add(new ZoneNode(i, root.resolve("node-" + i), template, scenario.nodes(), withPeers));
        }
        for (int d = 0; d < scenario.memoHomes().length; d++) {
            ZoneNode home = nodes.get(scenario.memoHomes()[d]);
            devices.add(new MemoDevice(home.syncUrl(), "memo-dev-" + d, "memo", ZoneNode.MEMO_PASSWORD, "127.0.0." + (40 + d)));
        }
        log.add("zone started (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    }

    /** Plays every step of the scenario. */
    void play() throws Exception {
        for (int i = 0; i < scenario.steps().size(); i++) {
            Step step = scenario.steps().get(i);
            long t0 = System.nanoTime();
            String did = run(step);
            log.add(i + ":" + step + " -> " + did + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        }
    }

    private String run(Step s) throws Exception {
        switch (s.kind()) {
            case POST_API: {
                ZoneNode node = nodes.get(s.a());
                String sign = s.n() % 3 == 0 ? "W" + s.n() + "X" : null; // admins may relay another call sign
                MessageId id = node.post(text(node.name), sign, s.n() % 4 == 0 ? "ops" : "");
                posted.add(id.value());
                return id.value();
            }
            case POST_DESK: {
                Message m = deskMessage(nodes.get(s.a()), s.n());
                nodes.get(s.a()).store().write(tx -> tx.addMessage(m, "desk"));
                posted.add(m.id().value());
                return m.id().value();
            }
            case POST_TWICE: {
                Message m = deskMessage(nodes.get(s.a()), s.n());
                long first = nodes.get(s.a()).store().write(tx -> tx.addMessage(m, "desk"));
                long second = nodes.get(s.b()).store().write(tx -> tx.addMessage(m, "desk"));
                posted.add(m.id().value());
                return m.id().value() + " seq " + first + "/" + second;
            }
            case PURGE: {
                ZoneNode node = nodes.get(s.a());
                List<String> held = new ArrayList<>(node.messages().keySet());
                if (held.isEmpty()) {
                    return "nothing to purge";
                }
                String guid = held.get(s.n() % held.size());
                String text = node.messages().get(guid).text();
                int status = node.purge(new MessageId(guid));
                if (status == 204) {
                    purged.add(guid);
                    purgedTexts.put(guid, text);
                }
                return guid + " " + status;
            }
            case MEMO_WRITE:
                devices.get(s.a()).write(text("memo-dev-" + s.a()));
                return "written";
            case MEMO_DELETE:
                return devices.get(s.a()).deleteSome(s.n()) ? "deleted" : "empty notebook";
            case MEMO_SLOW:
                devices.get(s.a()).forgetAnchors();
                return deviceSync(s.a());
            case MEMO_SYNC:
                return deviceSync(s.a());
            case SYNC:
                return down[s.a()] ? "link down" : sync(scenario.links().get(s.a()), s.n()).toString();
            case LINK_DOWN:
                down[s.a()] = true;
                return "down";
            case LINK_UP:
                down[s.a()] = false;
                return "up";
            case RESTART: {
                ZoneNode node = nodes.get(s.a());
                node.stop();
                if (!backups.containsKey(s.a())) {
                    Path copy = root.resolve("backup-" + s.a());
                    node.backupTo(copy);
                    backups.put(s.a(), copy);
                }
                node.start();
                return "restarted";
            }
            case RESTORE: {
                ZoneNode node = nodes.get(s.a());
                Path copy = backups.get(s.a());
                // what only this node knew (a post, a purge) when its folder is replaced is rightly lost with it
                Set<String> onlyHere = new LinkedHashSet<>(posted);
                Set<String> purgedOnlyHere = new LinkedHashSet<>(purged);
                for (ZoneNode other : nodes) {
                    if (other != node) {
                        onlyHere.removeAll(other.messages().keySet());
                        onlyHere.removeAll(other.tombstones().keySet());
                        purgedOnlyHere.removeAll(other.tombstones().keySet());
                    }
                }
                node.stop();
                node.restoreFrom(copy);
                node.start();
                onlyHere.removeAll(node.messages().keySet());
                onlyHere.removeAll(node.tombstones().keySet());
                purgedOnlyHere.removeAll(node.tombstones().keySet());
                posted.removeAll(onlyHere);
                purged.removeAll(purgedOnlyHere);
                purgedTexts.keySet().removeAll(purgedOnlyHere);
                return "restored from " + copy.getFileName() + "; lost posts " + onlyHere + ", lost purges " + purgedOnlyHere;
            }
            default:
                throw new IllegalStateException("unknown step " + s);
        }
    }

    /** One memo session; a held one (503) is not a failure: the device tries again at a later sync. */
    private String deviceSync(int d) throws Exception {
        MemoDevice.Outcome o = devices.get(d).sync();
        if (o.held()) {
            heldDevices.add(d);
            heldSyncs++;
            return "held (503): the node has not caught up with its zone; try again later";
        }
        heldDevices.remove(d);
        return o.toString();
    }

    Session sync(Link link, int loseReply) throws Exception {
        return sessions.sync(nodes.get(link.client()), nodes.get(link.server()), loseReply);
    }

    /**
     * Heals the zone: every link up, then rounds of one session per link until a round moves
     * nothing (at most maxRounds); returns the last round's sessions.
     */
    List<Session> heal(int maxRounds) throws Exception {
        java.util.Arrays.fill(down, false);
        log.add("heal: all links up");
        List<Session> last = List.of();
        for (int r = 0; r < maxRounds; r++) {
            last = round("heal round " + r);
            if (last.stream().allMatch(Session::movedNothing)) {
                break;
            }
        }
        return last;
    }

    /** One session over every link, in scenario order; logged. */
    List<Session> round(String label) throws Exception {
        List<Session> out = new ArrayList<>();
        StringBuilder b = new StringBuilder(label).append(':');
        for (Link link : scenario.links()) {
            Session s = sync(link, 0);
            out.add(s);
            b.append(' ').append(link).append(' ').append(s).append(';');
        }
        log.add(b.toString());
        return out;
    }

    /**
     * Every memo device syncs with its node (to let their last changes in, and to check they still
     * can); a held sync is logged and leaves the device in {@link #heldDevices}.
     */
    void syncDevices() throws Exception {
        for (int d = 0; d < devices.size(); d++) {
            log.add("memo-dev-" + d + " sync: " + deviceSync(d));
        }
    }

    private Message deskMessage(ZoneNode node, int n) {
        return Message.create(String.format("%08x", n * 2_654_435_761L & 0xffffffffL), 1_790_000_000L + n,
                text(node.name + " desk"), "D" + n + "SK", node.name, "node", n % 2 == 0 ? "" : "ops");
    }

    private String text(String from) {
        return "message " + (++texts) + " from " + from;
    }

    /** The log, last lines first cut to a readable size. */
    String describeLog() {
        return String.join("\n  ", log);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : concat()) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private List<AutoCloseable> concat() {
        List<AutoCloseable> all = new ArrayList<>(devices);
        all.addAll(nodes);
        return all;
    }
}
