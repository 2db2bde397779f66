package meshchat.syncml.interop.v2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * v2's meshchatsync loop body for one peer (meshchat-v2.md 3.3), step by step: users_raw with
 * its headers (a "404 Not Found" there parks the peer for 600 s), local_files_raw, then
 * messages_version compared with our own version as read from the version file (without LF),
 * and messages_raw only when they differ; each raw body is used only when its Content-MD5
 * matches (matched case-sensitively, as Lua's pattern does) and it is not empty.
 */
final class V2SyncDaemon {

    /** One peer's round: every exchange on the wire, and what came of it. */
    record Round(String peer, List<Curl.Exchange> exchanges, boolean downloaded, boolean merged) {
        int requests() {
            return exchanges.size();
        }

        long sent() {
            return exchanges.stream().mapToLong(Curl.Exchange::sent).sum();
        }

        long received() {
            return exchanges.stream().mapToLong(Curl.Exchange::received).sum();
        }

        long bodies() {
            return exchanges.stream().mapToLong(x -> x.body().length).sum();
        }

        List<String> actions() {
            return exchanges.stream().map(x -> x.path().replaceFirst(".*action=([a-z_]+).*", "$1")).toList();
        }
    }

    private static final Pattern MD5 = Pattern.compile("Content-MD5:\\s([0-9a-f]+)\r\n");
    private static final Pattern USER_KEY = Pattern.compile("^(\\S+\\t\\S+\\t\\S+)\\t(.*)$");

    private final V2Node node;
    private final Map<String, Long> nonMeshChat = new HashMap<>();
    final Map<String, Long> syncStatus = new LinkedHashMap<>();
    final Map<String, String> usersRemote = new LinkedHashMap<>();

    V2SyncDaemon(V2Node node) {
        this.node = node;
    }

    Round poll(String peer) throws IOException {
        List<Curl.Exchange> x = new ArrayList<>();
        String version = node.db().version();
        Long parked = nonMeshChat.get(peer);
        if (parked != null && V2Node.now() < parked) {
            return new Round(peer, x, false, false);
        }
        Curl.Exchange users = get(peer, "users_raw&platform=node&node=" + node.name(), x);
        if (users.head().contains("404 Not Found")) {
            nonMeshChat.put(peer, V2Node.now() + 600);
            return new Round(peer, x, false, false);
        }
        if (verified(users)) {
            mergeUsers(users.text());
        }
        get(peer, "local_files_raw", x); // v2 keeps it as remote_files.<peer>; its UI cannot read it (1.7)
        String remoteVersion = get(peer, "messages_version", x).text();
        if (!remoteVersion.isEmpty() && version.equals(remoteVersion)) {
            syncStatus.put(peer, V2Node.now());
            return new Round(peer, x, false, false);
        }
        Curl.Exchange raw = get(peer, "messages_raw", x);
        if (!verified(raw)) {
            return new Round(peer, x, true, false);
        }
        syncStatus.put(peer, V2Node.now());
        List<String> lines = new ArrayList<>(List.of(raw.text().split("\n")));
        node.db().merge(lines, V2Node.now());
        return new Round(peer, x, true, true);
    }

    /** The header's MD5 equals the body's, and the body is not empty. */
    private static boolean verified(Curl.Exchange x) {
        Matcher m = MD5.matcher(x.head());
        return m.find() && m.group(1).equals(V2NodeServer.md5(x.body())) && x.body().length > 0;
    }

    private void mergeUsers(String body) {
        for (String line : body.split("\n")) {
            Matcher m = USER_KEY.matcher(line);
            if (!line.contains("error") && m.matches()) {
                String old = usersRemote.get(m.group(1));
                if (old == null || old.compareTo(m.group(2)) <= 0) {
                    usersRemote.put(m.group(1), m.group(2));
                }
            }
        }
    }

    private static Curl.Exchange get(String peer, String action, List<Curl.Exchange> log) throws IOException {
        Curl.Exchange x = Curl.get(peer, "/cgi-bin/meshchat?action=" + action);
        log.add(x);
        return x;
    }
}
