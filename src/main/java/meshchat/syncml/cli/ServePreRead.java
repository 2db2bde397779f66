package meshchat.syncml.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code serve} binds, read before picocli reads the command line (issue 10: picocli's
 * classes are the largest cost before the first answer, see {@link EarlyServe}): the port, the
 * address and the node name, from the same places and in the same order as {@link ServeSettings}
 * (flag, then {@code MESHCHAT_*}, then the config file, then the default). Only a command line
 * that is plainly well-formed is read: {@code serve} followed by known long options, each with a
 * value, single-valued ones at most once, numbers where numbers go. Anything else (help, version,
 * an unknown or short option, an {@code @file}, a value that looks like an option, a config file
 * that cannot be read or has a line this does not understand) gives no pre-read, and serve starts
 * as before, after picocli. No picocli class is loaded here.
 */
final class ServePreRead {
    /** serve's long options that take a value, but for the lists (ServePreReadTest keeps both equal to ServeCommand's). */
    static final Set<String> SINGLE = Set.of("config", "port", "host", "data", "node", "sync-path", "channel",
            "max-msg-size", "max-obj-size", "max-buffered-objects", "v2-port", "v2-interval", "v2-zone",
            "peer-credentials", "peer-interval", "peer-encoding", "tombstone-days", "dump-dir");
    /** serve's repeatable options (comma-separated lists). */
    static final Set<String> LISTS = Set.of("datastore-alias", "v2-peer", "peer");
    /** Options whose value is a whole number. */
    static final Set<String> NUMBERS = Set.of("port", "max-msg-size", "max-obj-size", "max-buffered-objects", "v2-port",
            "v2-interval", "peer-interval", "tombstone-days");

    /** What serve will bind: {@code host} null is every interface, {@code node} null the host name. */
    record Plan(String host, int port, String node) {
    }

    private ServePreRead() {
    }

    /** The plan of {@code serve ARGS} in this environment, or null when the command line is not plainly well-formed. */
    static Plan plan(String[] args, Map<String, String> env) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return null;
        }
        Map<String, String> flags = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                return null; // a positional, a short option, "--" or "-": picocli's to judge
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            boolean list = LISTS.contains(name);
            if (!list && (!SINGLE.contains(name) || !seen.add(name))) {
                return null;
            }
            if (value.startsWith("-") || value.startsWith("@") || !plain(name, value)) {
                return null;
            }
            flags.put(name, value);
        }
        String configFile = flags.containsKey(ServeSettings.CONFIG) ? flags.get(ServeSettings.CONFIG) : set(env, "config");
        Map<String, String> file = Map.of();
        if (configFile != null) {
            file = readFile(Path.of(configFile));
            if (file == null) {
                return null;
            }
        }
        for (String name : NUMBERS) {
            String v = set(env, name);
            if (v != null && !plain(name, v)) {
                return null;
            }
        }
        String port = pick("port", flags, env, file);
        String host = pick("host", flags, env, file);
        String node = pick("node", flags, env, file);
        if (host != null && host.isEmpty() || node != null && node.isEmpty()) {
            return null;
        }
        if (interpolated(port) || interpolated(host) || interpolated(node)) {
            return null; // picocli expands ${...} in what it reads from the environment and the file
        }
        int p = port == null ? 8080 : Integer.parseInt(port);
        return p > 65535 ? null : new Plan(host, p, node);
    }

    private static boolean interpolated(String value) {
        return value != null && value.contains("${");
    }

    /** A flag wins over MESHCHAT_*, which wins over the file; null when none sets it. */
    private static String pick(String name, Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        if (flags.containsKey(name)) {
            return flags.get(name);
        }
        String v = set(env, name);
        return v != null ? v : file.get(name);
    }

    /** The variable for a setting, trimmed; null when unset or blank (as {@link ServeSettings} reads it). */
    private static String set(Map<String, String> env, String setting) {
        String v = env.get(ServeSettings.ENV_PREFIX + setting.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** A number where one goes: decimal digits only, no sign, no leading zero, short enough for an int. */
    private static boolean plain(String name, String value) {
        if (!NUMBERS.contains(name)) {
            return true;
        }
        if (value.isEmpty() || value.length() > 9 || value.length() > 1 && value.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The file's settings, or null when it cannot be read or a line is not a known 'setting = value'. */
    private static Map<String, String> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            boolean known = SINGLE.contains(key) && !key.equals(ServeSettings.CONFIG) || LISTS.contains(key);
            if (!known || values.put(key, value) != null || !plain(key, value)) {
                return null;
            }
        }
        return values;
    }
}
