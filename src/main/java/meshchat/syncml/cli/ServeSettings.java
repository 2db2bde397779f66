package meshchat.syncml.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Values of {@code serve}'s options from the environment and from a config file, handed to
 * picocli as defaults: so a flag on the command line wins, then {@code MESHCHAT_*}, then the
 * file, then the built-in default. Every long option {@code --some-name} is the setting
 * {@code some-name} in the file and {@code MESHCHAT_SOME_NAME} in the environment; a repeatable
 * option takes a comma-separated list. The file is {@code key = value} lines, {@code #} comments.
 * Every value is checked against its option's type up front, so a bad one stops the start with
 * one line naming where it came from.
 */
final class ServeSettings implements IDefaultValueProvider {
    static final String ENV_PREFIX = "MESHCHAT_";
    static final String CONFIG = "config";
    private static final List<String> NOT_SETTINGS = List.of("help", "version", CONFIG);

    /** A bad setting: its message is the one line the operator sees. */
    static final class BadSetting extends Exception {
        BadSetting(String message) {
            super(message);
        }
    }

    private final Map<String, String> values; // setting name -> raw value, env over file

    private ServeSettings(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param env  the environment ({@code System.getenv()})
     * @param file the config file, or null for none
     * @param spec serve's command spec: which settings exist and their types
     */
    static ServeSettings load(Map<String, String> env, Path file, CommandSpec spec) throws BadSetting {
        Map<String, OptionSpec> options = settings(spec);
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            values.putAll(readFile(file, options));
        }
        for (Map.Entry<String, OptionSpec> e : options.entrySet()) {
            String name = envName(e.getKey());
            String v = env.get(name);
            if (v != null && !v.isBlank()) { // an empty variable is an unset one (systemd's "Environment=X=")
                check(e.getValue(), v.trim(), name + "=" + v);
                values.put(e.getKey(), v.trim());
            }
        }
        return new ServeSettings(values);
    }

    /** The config file named by {@code serve --config FILE} or {@code --config=FILE}, else by MESHCHAT_CONFIG; null for none. */
    static Path configFile(String[] args, Map<String, String> env) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--" + CONFIG) && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--" + CONFIG + "=")) {
                return Path.of(args[i].substring(CONFIG.length() + 3));
            }
        }
        String fromEnv = env.get(envName(CONFIG));
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv.trim());
    }

    static String envName(String setting) {
        return ENV_PREFIX + setting.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** How an operator may give a setting, for error messages: "--port (MESHCHAT_PORT, port = in the config file)". */
    static String describe(String setting) {
        return "--" + setting + " (" + envName(setting) + ", '" + setting + " =' in the config file)";
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec)) {
            return null;
        }
        return values.get(((OptionSpec) arg).longestName().substring(2));
    }

    /** serve's settings by name: every long option but help, version and config. */
    static Map<String, OptionSpec> settings(CommandSpec spec) {
        Map<String, OptionSpec> m = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (name.startsWith("--") && !NOT_SETTINGS.contains(name.substring(2))) {
                m.put(name.substring(2), o);
            }
        }
        return m;
    }

    private static Map<String, String> readFile(Path file, Map<String, OptionSpec> options) throws BadSetting {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadSetting("cannot read the config file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new BadSetting(where + ": expected 'setting = value', got '" + clip(line) + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            OptionSpec o = options.get(key);
            if (o == null) {
                throw new BadSetting(where + ": unknown setting '" + clip(key) + "' (known: "
                        + String.join(", ", options.keySet()) + ")");
            }
            if (values.containsKey(key)) {
                throw new BadSetting(where + ": " + key + " is set twice (a list is one line, comma-separated)");
            }
            check(o, value, where + ": " + key + " = " + value);
            values.put(key, value);
        }
        return values;
    }

    /** Checks a raw value against the option's type; repeatable options are comma-separated lists. */
    private static void check(OptionSpec o, String value, String where) throws BadSetting {
        boolean list = o.isMultiValue();
        Class<?> type = list ? o.auxiliaryTypes()[0] : o.type();
        List<String> parts = list ? List.of(value.split(",", -1)).stream().map(String::strip).collect(Collectors.toList())
                : List.of(value);
        for (String p : parts) {
            String problem = problem(type, p);
            if (problem != null) {
                throw new BadSetting(clip(where) + ": " + o.longestName() + " takes " + problem
                        + (list ? " (a comma-separated list)" : ""));
            }
        }
    }

    private static String problem(Class<?> type, String v) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            try {
                if (type == int.class || type == Integer.class) {
                    Integer.parseInt(v);
                } else {
                    Long.parseLong(v);
                }
                return null;
            } catch (NumberFormatException e) {
                return "a whole number";
            }
        }
        if (type == URI.class) {
            try {
                URI u = new URI(v);
                return u.getScheme() != null && u.getHost() != null ? null : "an http:// URL";
            } catch (URISyntaxException e) {
                return "an http:// URL";
            }
        }
        if (type == boolean.class || type == Boolean.class) {
            return v.equals("true") || v.equals("false") ? null : "true or false";
        }
        return v.isEmpty() && type == Path.class ? "a path" : null;
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
