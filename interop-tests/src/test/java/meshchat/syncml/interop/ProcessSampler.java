package meshchat.syncml.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * CPU time and RSS of a server's processes, read from {@code /proc} for {@link SyncMlBenchmark}.
 * The server is a set of root processes and all their descendants (our jar: one JVM;
 * syncevo-http-server: dbus-daemon, syncevo-dbus-server with its per-session helpers, python).
 *
 * <p>CPU: the sum over the tree of {@code utime + stime + cutime + cstime} from
 * {@code /proc/PID/stat} (fields 14-17, in clock ticks of 1/100 s); a helper that exits during a
 * step is then still counted, in its parent's {@code cutime/cstime}. A step's CPU is the
 * difference between a reading at its start and one at its end. Peak RSS: a daemon thread sums
 * {@code VmRSS} over the tree every 20 ms and keeps the largest sum since {@link #begin()}.
 */
final class ProcessSampler implements AutoCloseable {

    /** Linux's USER_HZ on every architecture Debian ships; /proc/PID/stat counts in these. */
    static final double TICKS_PER_SECOND = 100.0;
    private static final long INTERVAL_MS = 20;

    private final Supplier<List<ProcessHandle>> roots;
    private final Thread thread;
    private volatile boolean running = true;
    private long peakKb;
    private long beginTicks;

    /** What one step cost: CPU seconds of the tree and the largest sampled RSS sum. */
    record Usage(double cpuSeconds, long peakRssKb) {
    }

    ProcessSampler(Supplier<List<ProcessHandle>> roots) {
        this.roots = roots;
        this.thread = new Thread(this::loop, "process-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a step: notes the CPU ticks now and restarts the peak from the current RSS. */
    synchronized void begin() {
        beginTicks = cpuTicks();
        peakKb = rssKb();
    }

    /** Ends a step: the CPU since {@link #begin()} and the peak RSS seen since then (this reading included). */
    synchronized Usage end() {
        sample();
        return new Usage((cpuTicks() - beginTicks) / TICKS_PER_SECOND, peakKb);
    }

    private void loop() {
        while (running) {
            synchronized (this) {
                sample();
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        peakKb = Math.max(peakKb, rssKb());
    }

    /** The live processes of the tree: the roots and their descendants. */
    List<Long> pids() {
        Set<Long> pids = new LinkedHashSet<>();
        for (ProcessHandle root : roots.get()) {
            if (root.isAlive()) {
                pids.add(root.pid());
                root.descendants().forEach(d -> pids.add(d.pid()));
            }
        }
        return new ArrayList<>(pids);
    }

    /** CPU ticks of the whole tree (own and reaped children's). */
    long cpuTicks() {
        long sum = 0;
        for (long pid : pids()) {
            String[] f = statFields(pid);
            if (f.length > 16) { // fields after "(comm)": index 0 is field 3 (state); utime is field 14
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
        }
        return sum;
    }

    /** Sum of VmRSS over the tree, in kB. */
    long rssKb() {
        long sum = 0;
        for (long pid : pids()) {
            sum += Math.max(0, statusKb(pid, "VmRSS"));
        }
        return sum;
    }

    /** A kB field of {@code /proc/PID/status} (VmRSS, VmHWM = the process's peak RSS), or -1. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process exited between listing and reading
        }
        return -1;
    }

    /** The fields of {@code /proc/PID/stat} after the ")" that closes the command name; empty if gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException gone) {
            return new String[0];
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
