package meshchat.syncml.http;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import meshchat.syncml.engine.SessionSummary;
import meshchat.syncml.legacy.V2NodeStatus;
import meshchat.syncml.peer.PeerStatus;
import meshchat.syncml.store.SyncedClient;

/** The HTML of the status page, from plain data read first (see {@link StatusHandler}). */
final class StatusPage {
    /** Device rows shown, most recent first: the page stays small on a node with many clients. */
    static final int MAX_DEVICES = 200;
    /** What the page shows, read in one store transaction plus the engine's session log. */
    record View(String node, String version, Duration uptime, long messages, long tombstones, long lastSeq,
                Map<String, Long> channels, List<SyncedClient> clients, List<SessionSummary> sessions,
                List<PeerStatus> peers, List<V2NodeStatus> v2Nodes, int openSessions) {
    }

    private StatusPage() {
    }

    static String render(View v) {
        Html h = Html.page("MeshChat " + v.node());
        h.raw("<header><h1>MeshChat SyncML server</h1><nav><a href=\"/chat\">chat</a> "
                + "<a href=\"/status.txt\">text</a> <a href=\"/metrics\">metrics</a></nav></header>\n<main>\n");
        h.raw("<dl class=\"facts\">");
        fact(h, "node", v.node());
        fact(h, "version", v.version());
        fact(h, "uptime", StatusHandler.uptime(v.uptime()));
        fact(h, "messages held", Long.toString(v.messages()));
        fact(h, "tombstones", Long.toString(v.tombstones()));
        fact(h, "last change", Long.toString(v.lastSeq()));
        fact(h, "open sessions", Integer.toString(v.openSessions()));
        h.raw("</dl>\n");

        h.heading("Channels");
        if (v.channels().isEmpty()) {
            h.raw("<p class=\"none\">no messages yet</p>\n");
        } else {
            h.table("channels", "channel", "messages");
            v.channels().forEach((name, n) -> h.row(name.isEmpty() ? "(everything)" : name, n));
            h.endTable();
        }

        h.heading("SyncML devices");
        if (v.clients().isEmpty()) {
            h.raw("<p class=\"none\">no device has completed a sync</p>\n");
        } else {
            Map<String, SessionSummary> last = new HashMap<>();
            for (SessionSummary s : v.sessions()) { // newest first: keep the first seen
                last.putIfAbsent(s.account() + '\n' + s.device(), s);
            }
            h.table("devices", "account", "device", "datastore", "last sync", "mode", "items in", "items out", "result",
                    "client software");
            for (SyncedClient c : v.clients()) {
                SessionSummary s = last.get(c.account() + '\n' + c.device());
                SessionSummary.Datastore ds = s == null ? null : s.datastores().stream()
                        .filter(d -> d.name().equals(c.datastore())).findFirst().orElse(null);
                h.row(c.account(), c.device(), c.datastore(), Html.time(c.syncedAt()),
                        ds == null ? "-" : ds.mode(), ds == null ? "-" : ds.itemsIn(), ds == null ? "-" : ds.itemsOut(),
                        s == null ? "-" : s.result().label(), ClientSoftware.of(c.devInf()));
            }
            h.endTable();
        }

        if (!v.peers().isEmpty()) {
            h.heading("Peer nodes");
            h.table("peers", "peer", "last success", "last attempt", "last error", "items sent", "items received",
                    "bytes sent", "bytes received");
            for (PeerStatus p : v.peers()) {
                h.row(p.url(), Html.time(p.lastSuccess()), Html.time(p.lastAttempt()),
                        p.lastError() == null ? "none" : p.lastError(), p.itemsSent(), p.itemsReceived(), p.bytesSent(),
                        p.bytesReceived());
            }
            h.endTable();
        }

        if (!v.v2Nodes().isEmpty()) {
            h.heading("v2 nodes");
            h.table("v2nodes", "v2 node", "last success", "last error");
            for (V2NodeStatus n : v.v2Nodes()) {
                h.row(n.url(), Html.time(n.lastSuccess()), n.lastError() == null ? "none" : n.lastError());
            }
            h.endTable();
        }

        h.heading("Last sessions");
        if (v.sessions().isEmpty()) {
            h.raw("<p class=\"none\">no session has ended since the start</p>\n");
        } else {
            h.table("sessions", "ended", "account", "device", "mode", "items in", "items out", "bytes in", "bytes out",
                    "duration", "result");
            for (SessionSummary s : v.sessions()) {
                h.row(Html.time(s.ended()), s.account(), s.device(), s.mode(), s.itemsIn(), s.itemsOut(), s.bytesIn(),
                        s.bytesOut(), s.duration().toMillis() + " ms", s.result().label());
            }
            h.endTable();
        }
        return h.raw("</main>\n").end();
    }

    private static void fact(Html h, String name, String value) {
        h.raw("<dt>").text(name).raw("</dt><dd>").text(value).raw("</dd>");
    }

}
