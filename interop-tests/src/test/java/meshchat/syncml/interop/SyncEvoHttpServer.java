package meshchat.syncml.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * syncevo-http-server (Debian's {@code syncevolution-http}: the libsynthesis SyncML server behind
 * SyncEvolution) run headless for {@link SyncMlBenchmark}, as the reference's
 * syncevolution-client.md describes: a private {@code dbus-daemon} (own config, no service dir,
 * so nothing is auto-activated), {@code /usr/libexec/syncevo-dbus-server --duration=unlimited}
 * started by us on that bus, and the HTTP front end run by {@code /usr/bin/python3} (the script's
 * shebang is an unsubstituted {@code #!@PYTHON@}; pyenv's python lacks twisted and dbus). A small
 * wrapper binds it to 127.0.0.1 (the script listens on all interfaces) on its own port, while the
 * URL it is given, from which it builds its RespURI, names the proxy: so every message of a
 * session passes the proxy. Each client device ID gets a peer config (the server picks the config
 * by device ID) whose datastore {@code meshchat} (the clients' {@code uri}) is one shared file
 * backend folder, one file per item. Both sides log at loglevel 1, as in the reference's baseline.
 */
final class SyncEvoHttpServer implements BenchTarget {

    static final String PYTHON = "/usr/bin/python3";
    static final String SCRIPT = "/usr/bin/syncevo-http-server";
    static final String DBUS_SERVER = "/usr/libexec/syncevo-dbus-server";

    /** Runs the script unchanged except for the one listen call: loopback only, on the given port. */
    private static final String WRAPPER = """
            import sys
            listen = int(sys.argv.pop(1))
            src = open('%s').read()
            old = 'reactor.listenTCP(url.port, site)'
            if src.count(old) != 1:
                sys.exit('cannot find the listenTCP call in %s')
            src = src.replace(old, 'reactor.listenTCP(%%d, site, interface="127.0.0.1")' %% listen)
            sys.argv[0] = '%s'
            exec(compile(src, '%s', 'exec'), {'__name__': '__main__'})
            """.formatted(SCRIPT, SCRIPT, SCRIPT, SCRIPT);

    private static final String BUS_CONFIG = """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:path=%s</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """;

    private final Path root;
    private final Path store;
    private final int port;
    private final int proxyPort;
    private final String user;
    private final String password;
    private final List<Process> processes = new ArrayList<>();
    private int clients;

    SyncEvoHttpServer(Path root, int port, int proxyPort, String user, String password) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath());
        this.store = Files.createDirectories(this.root.resolve("store"));
        for (String d : List.of("home", "config", "data", "cache", "logs")) {
            Files.createDirectories(this.root.resolve(d));
        }
        this.port = port;
        this.proxyPort = proxyPort;
        this.user = user;
        this.password = password;
    }

    @Override
    public String name() {
        return "syncevo-http-server";
    }

    @Override
    public String command() {
        return "private dbus-daemon + " + DBUS_SERVER + " --duration=unlimited + " + PYTHON + " " + SCRIPT
                + " http://127.0.0.1:PROXY/sync (bound to 127.0.0.1), file backend, loglevel=1";
    }

    @Override
    public int port() {
        return port;
    }

    /** The server-side peer config for one client: {@code peerIsClient=1}, its device ID, the shared store. */
    @Override
    public void addClient(String deviceId) throws IOException, InterruptedException {
        run(List.of("syncevolution", "--daemon=no", "--configure", "--template", "none", "keyring=no", "peerIsClient=1",
                "remoteDeviceId=" + deviceId, "username=" + user, "password=" + password, "loglevel=1",
                "logdir=" + root.resolve("logs"), "maxlogdirs=0", "printChanges=0", "dumpData=0",
                "meshchat/backend=file", "meshchat/databaseFormat=text/plain", "meshchat/database=file://" + store,
                "meshchat/sync=two-way", "client-" + (++clients), "meshchat"), Map.of(), "configure-" + clients);
    }

    /**
     * Starts the bus, syncevo-dbus-server and the front end; returns the seconds from the bus's start
     * until {@code GET /} got any HTTP answer (twisted answers 404 there). Also waits until
     * syncevo-dbus-server owns {@code org.syncevolution} on the bus, so the first sync finds it.
     */
    @Override
    public double start() throws IOException, InterruptedException {
        Path wrapper = root.resolve("syncevo-http-server-loopback.py");
        Files.writeString(wrapper, WRAPPER);
        Path bus = root.resolve("bus");
        Path busConfig = root.resolve("bus.conf");
        Files.writeString(busConfig, BUS_CONFIG.formatted(bus));
        long t0 = System.nanoTime();
        Process daemon = spawn(List.of("dbus-daemon", "--config-file=" + busConfig, "--nofork", "--print-address=1"),
                Map.of(), null);
        String address;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
            address = r.readLine(); // the daemon prints its address once it listens
        }
        if (address == null || !address.startsWith("unix:")) {
            throw new AssertionError("dbus-daemon did not start (exit " + (daemon.isAlive() ? "-" : daemon.exitValue())
                    + "); see " + root.resolve("dbus-daemon.log"));
        }
        Map<String, String> onBus = Map.of("DBUS_SESSION_BUS_ADDRESS", address);
        spawn(List.of(DBUS_SERVER, "--duration=unlimited"), onBus, "syncevo-dbus-server.log");
        spawn(List.of(PYTHON, wrapper.toString(), Integer.toString(port), "http://127.0.0.1:" + proxyPort + "/sync"),
                onBus, "syncevo-http-server.log");
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        boolean busReady = false;
        boolean httpReady = false;
        long answered = 0;
        while (System.nanoTime() < deadline && !(busReady && httpReady)) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new AssertionError(p.info().command().orElse("a process") + " exited with " + p.exitValue()
                            + " during startup; logs in " + root);
                }
            }
            String page = httpReady ? null : BenchTarget.get(port, "/");
            if (!httpReady && page != null && page.startsWith("HTTP/1.")) {
                httpReady = true;
                answered = System.nanoTime();
            }
            busReady = busReady || run(List.of("dbus-send", "--bus=" + address, "--print-reply", "--dest=org.freedesktop.DBus",
                    "/", "org.freedesktop.DBus.NameHasOwner", "string:org.syncevolution"), onBus, null).contains("boolean true");
            Thread.sleep(10);
        }
        if (!(busReady && httpReady)) {
            throw new AssertionError("not ready within 60 s (D-Bus name org.syncevolution: " + busReady + ", HTTP: "
                    + httpReady + "); logs in " + root);
        }
        return (answered - t0) / 1e9;
    }

    @Override
    public List<ProcessHandle> processes() {
        return processes.stream().map(Process::toHandle).toList();
    }

    /** Items in the file backend's folder (one file per item). */
    @Override
    public long stored() {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public List<String> notableLogLines() {
        List<String> lines = new ArrayList<>();
        for (String log : List.of("syncevo-http-server.log", "syncevo-dbus-server.log")) {
            try {
                Files.readAllLines(root.resolve(log), StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains("ERROR") || l.contains("rror") || l.contains("failed"))
                        .forEach(l -> lines.add(log + ": " + l));
            } catch (IOException e) {
                lines.add("cannot read " + log + ": " + e);
            }
        }
        return lines;
    }

    /** Stops the front end, then syncevo-dbus-server (and its helpers), then the bus: SIGTERM, SIGKILL after 10 s. */
    @Override
    public void stop() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        processes.clear();
    }

    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new java.util.TreeMap<>();
        env.put("PATH", "/usr/bin:/bin"); // not pyenv's python (gotcha 3)
        env.put("LC_ALL", "C.UTF-8");
        for (String d : List.of("home", "config", "data", "cache")) {
            env.put(d.equals("home") ? "HOME" : "XDG_" + d.toUpperCase() + "_HOME", root.resolve(d).toString());
        }
        env.putAll(extra);
        return env;
    }

    /** Starts a server process; its output goes to {@code log} under the root (or stays readable when log is null). */
    private Process spawn(List<String> command, Map<String, String> extra, String log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment(extra));
        if (log != null) {
            pb.redirectErrorStream(true).redirectOutput(root.resolve(log).toFile());
        } else {
            pb.redirectError(root.resolve("dbus-daemon.log").toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        processes.add(p);
        return p;
    }

    /** Runs a short command to its end (at most 60 s); returns its output. Fails on a non-zero exit when label is set. */
    private String run(List<String> command, Map<String, String> extra, String label) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment(extra));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (label != null && p.exitValue() != 0) {
            throw new AssertionError(label + " failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n" + out);
        }
        return out;
    }
}
