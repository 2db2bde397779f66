package meshchat.syncml.legacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is logged in to a v2 web page (meshchat-v2.md 1.6). Kept in memory, as v2 keeps it on a
 * RAM disk: presence is seconds-fresh and worth nothing after a restart.
 *
 * <p>Local users are those whose browser polls our v2 API; {@code users_raw} serves only them, so
 * presence travels one hop as in v2. Remote users come from peers' {@code users_raw}, merged as
 * v2's merge_users does: per (call sign, id, node), the larger "epoch TAB platform" text wins.
 */
final class V2Users {

    /** One presence line: {@code call_sign \t id \t node \t epoch \t platform}. */
    record User(String callSign, String id, String node, String epoch, String platform) {
        String line() {
            return callSign + '\t' + id + '\t' + node + '\t' + epoch + '\t' + platform;
        }
    }

    /** Bounds, so a chatty zone cannot grow memory without limit (v2 never expires entries). */
    static final int MAX_LOCAL = 1_000;
    static final int MAX_REMOTE = 5_000;
    /** Longest call sign or id kept from a browser's poll (a count bound alone let 1,000 of 100 KB fill the heap). */
    static final int MAX_FIELD_CHARS = 64;
    /** Longest peer presence line kept: five fields of a mesh host name's length. */
    static final int MAX_LINE_CHARS = 5 * MAX_FIELD_CHARS + 4;

    private static final Pattern REMOTE = Pattern.compile("^(\\S+\\t\\S+\\t\\S+)\\t(.*)$");
    private static final Pattern FIVE = Pattern.compile("^(.*)\\t(.*)\\t(.*)\\t(.*)\\t(.*)$");

    private final String node;
    private final String platform;
    private final Map<String, User> local = new LinkedHashMap<>();
    private final Map<String, String> remote = new LinkedHashMap<>();

    V2Users(String node, String platform) {
        this.node = node;
        this.platform = platform;
    }

    /** A browser with this call sign and meshchat_id polled us at this epoch. */
    synchronized void touch(String callSign, String id, long epoch) {
        if (callSign.length() > MAX_FIELD_CHARS || id.length() > MAX_FIELD_CHARS) {
            return; // no v2 page sends such; not kept, not served to every peer every 10 s
        }
        local.remove(callSign);
        local.put(callSign, new User(V2Format.field(callSign), V2Format.field(id), node, Long.toString(epoch),
                platform));
        trim(local, MAX_LOCAL);
    }

    /** The users_raw body: local users, one line each. */
    synchronized byte[] localRaw() {
        StringBuilder b = new StringBuilder();
        for (User u : local.values()) {
            b.append(u.line()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Merges a peer's users_raw lines (lines containing "error" are skipped, as v2 does). */
    synchronized void mergeRemote(List<String> lines) {
        for (String raw : lines) {
            if (raw.length() > MAX_LINE_CHARS) {
                continue;
            }
            String line = cleanFields(raw);
            Matcher m = REMOTE.matcher(line);
            if (line.contains("error") || !m.matches()) {
                continue;
            }
            String old = remote.get(m.group(1));
            if (old == null || old.compareTo(m.group(2)) <= 0) {
                remote.put(m.group(1), m.group(2));
            }
        }
        trim(remote, MAX_REMOTE);
    }

    /** Local and remote users with a numeric epoch, newest first (the users action). */
    synchronized List<User> all() {
        List<User> out = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        local.values().forEach(u -> lines.add(u.line()));
        remote.forEach((k, v) -> lines.add(k + '\t' + v));
        for (String line : lines) {
            Matcher m = FIVE.matcher(line);
            if (m.matches() && m.group(4).matches("\\d{1,18}")) {
                out.add(new User(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
            }
        }
        out.sort(Comparator.comparingLong((User u) -> Long.parseLong(u.epoch())).reversed());
        return out;
    }

    /** A peer's line with each field on one line without controls (a CR would reach every v2 page raw). */
    private static String cleanFields(String line) {
        String[] f = line.split("\t", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = V2Format.field(f[i]);
        }
        return String.join("\t", f);
    }

    private static <V> void trim(Map<String, V> map, int max) {
        Iterator<String> oldest = map.keySet().iterator();
        while (map.size() > max) {
            oldest.next();
            oldest.remove();
        }
    }
}
