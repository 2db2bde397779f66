package meshchat.syncml.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Writes what {@link SyncMlBenchmark} measured to {@code target/benchmarks/}: {@code syncml.txt}
 * (tables for people: every step of every server, ours beside syncevo-http-server with ratios, the
 * issue 10 targets each met or missed and by how much) and {@code syncml.tsv} (one line per step,
 * for machines). A figure that was not measured is shown as such, never estimated.
 */
final class BenchReport {

    static final String OURS = "ours";
    static final String SMALL = "ours-small";
    static final String THEIRS = "syncevo-http-server";
    static final String SLOW_UP = "slow sync, N up";
    static final String REFRESH = "refresh: N down to a fresh client";
    static final String PLUS_10 = "+10 new, two-way";
    static final String IDLE = "idle two-way";

    /** One step of one server. failure is null when the step did what it should. */
    record Step(String target, int n, String step, String failure, double wallSecs, double cpuSecs, double serverSecs,
            double slowestSecs, long posts, long up, long down, long peakRssKb, String items, boolean busy) {
        boolean ok() {
            return failure == null;
        }
    }

    /** One server process for one N: its first answer, what it stored, its lifetime peak RSS; failure if it could not run. */
    record Run(String target, int n, double firstAnswerSecs, long stored, long lifetimePeakRssKb, String failure) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();

    void add(Step s) {
        steps.add(s);
    }

    void add(Run r) {
        runs.add(r);
    }

    List<Step> steps() {
        return steps;
    }

    /** Writes both files; returns the text report. */
    String write(Path dir, List<String> header, List<String> notes) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder();
        header.forEach(h -> b.append(h).append('\n'));
        b.append("\n## Every step\n\n")
                .append("wall s: the client's `syncevolution --run`, start to exit. CPU s: server processes' utime+stime\n")
                .append("(+ reaped children), /proc/PID/stat. server s: sum over the session's messages of request's last byte\n")
                .append("→ reply's last byte at the proxy. up/down: bytes client→server / server→client, HTTP heads included.\n")
                .append("peak RSS: largest sum of VmRSS over the server's processes, sampled every 20 ms during the step.\n")
                .append("(b): another maven/surefire build ran just before or after the step (noisy).\n\n")
                .append("| server | N | step | result | wall s | CPU s | server s | slowest msg s | POSTs | up bytes | down bytes | peak RSS MB | items |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step s : steps) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %s%s | %s | %.2f | %.2f | %.3f | %.3f | %d | %,d | %,d | %.0f | %s |%n",
                    s.target, s.n, s.step, s.busy ? " (b)" : "", s.ok() ? "ok" : "FAILED: " + oneLine(s.failure), s.wallSecs,
                    s.cpuSecs, s.serverSecs, s.slowestSecs, s.posts, s.up, s.down, s.peakRssKb / 1024.0, s.items));
        }
        b.append("\n## Server processes\n\nfirst answer: process start until GET / answered (ours: 200, polled every 10 ms;\n")
                .append("syncevo-http-server: dbus-daemon start until any HTTP answer). lifetime peak RSS: VmHWM summed over\n")
                .append("the processes alive at the end (ours: one JVM, exact).\n\n")
                .append("| server | N | first answer s | items stored at the end | lifetime peak RSS MB | problem |\n|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %.0f | %s |%n", r.target, r.n,
                    Double.isNaN(r.firstAnswerSecs) ? "-" : String.format(Locale.ROOT, "%.3f", r.firstAnswerSecs), r.stored,
                    r.lifetimePeakRssKb / 1024.0, r.failure == null ? "" : oneLine(r.failure)));
        }
        b.append(sideBySide()).append(targets());
        b.append("\n## Notes\n\n");
        notes.forEach(n -> b.append("- ").append(n).append('\n'));
        Files.writeString(dir.resolve("syncml.txt"), b.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("syncml.tsv"), tsv(), StandardCharsets.UTF_8);
        return b.toString();
    }

    private String tsv() {
        StringBuilder t = new StringBuilder("server\tn\tstep\tok\tfailure\twall_s\tcpu_s\tserver_s\tslowest_msg_s\tposts"
                + "\tup_bytes\tdown_bytes\tpeak_rss_kb\titems\tother_build_running\n");
        for (Step s : steps) {
            t.append(String.join("\t", s.target, Integer.toString(s.n), s.step, Boolean.toString(s.ok()),
                    s.ok() ? "" : oneLine(s.failure).replace('\t', ' '), num(s.wallSecs), num(s.cpuSecs), num(s.serverSecs),
                    num(s.slowestSecs), Long.toString(s.posts), Long.toString(s.up), Long.toString(s.down),
                    Long.toString(s.peakRssKb), s.items, Boolean.toString(s.busy))).append('\n');
        }
        for (Run r : runs) {
            t.append(String.join("\t", r.target, Integer.toString(r.n), "server process", Boolean.toString(r.failure == null),
                    r.failure == null ? "" : oneLine(r.failure).replace('\t', ' '), "", "", "", "", "", "", "",
                    Long.toString(r.lifetimePeakRssKb), "first_answer_s=" + num(r.firstAnswerSecs) + " stored=" + r.stored,
                    "")).append('\n');
        }
        return t.toString();
    }

    /** Ours beside theirs for each N and step: wall, CPU, server time, bytes down, peak RSS, and ours / theirs. */
    private String sideBySide() {
        StringBuilder b = new StringBuilder("\n## Ours beside syncevo-http-server (ratio = ours / theirs; - where a side failed or did not run)\n\n")
                .append("| N | step | wall s ours / theirs / ratio | CPU s | server s | down bytes | up bytes | peak RSS MB |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Step o : steps) {
            if (!o.target.equals(OURS)) {
                continue;
            }
            Optional<Step> t = find(THEIRS, o.n, o.step);
            b.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s |%n", o.n, o.step,
                    cell(o, t, Step::wallSecs, "%.2f"), cell(o, t, Step::cpuSecs, "%.2f"), cell(o, t, Step::serverSecs, "%.3f"),
                    cell(o, t, s -> s.down, "%,.0f"), cell(o, t, s -> s.up, "%,.0f"), cell(o, t, s -> s.peakRssKb / 1024.0, "%.0f")));
        }
        return b.toString();
    }

    private static String cell(Step o, Optional<Step> t, ToDoubleFunction<Step> f, String fmt) {
        String ours = o.ok() ? String.format(Locale.ROOT, fmt, f.applyAsDouble(o)) : "FAILED";
        if (t.isEmpty()) {
            return ours + " / not run / -";
        }
        String theirs = t.get().ok() ? String.format(Locale.ROOT, fmt, f.applyAsDouble(t.get())) : "FAILED";
        double a = f.applyAsDouble(o);
        double c = f.applyAsDouble(t.get());
        String ratio = o.ok() && t.get().ok() && c > 0 ? String.format(Locale.ROOT, "%.2f", a / c) : "-";
        return ours + " / " + theirs + " / " + ratio;
    }

    /** The issue 10 targets, each met or missed by how much, or not measured in this run. */
    private String targets() {
        StringBuilder b = new StringBuilder("\n## Issue 10 targets (figures from this run only)\n\n");
        Optional<Step> ourSlow = find(OURS, 10_000, SLOW_UP);
        Optional<Step> theirSlow = find(THEIRS, 10_000, SLOW_UP);
        b.append(target("slow sync of 10,000: our wall / syncevo-http-server's", ourSlow.isPresent() && theirSlow.isPresent()
                && ourSlow.get().ok() && theirSlow.get().ok() ? ourSlow.get().wallSecs / theirSlow.get().wallSecs : Double.NaN, 0.4,
                "%.2f", ""));
        b.append(target("slow sync of 10,000: our server process CPU", ourSlow.filter(Step::ok).map(Step::cpuSecs).orElse(Double.NaN),
                3.0, "%.2f", " s"));
        for (Step o : steps) {
            if (o.target.equals(OURS) && o.step.equals(IDLE)) {
                Optional<Step> t = find(THEIRS, o.n, IDLE);
                b.append(target(String.format(Locale.ROOT, "idle two-way on %,d: our server→client bytes / theirs", o.n),
                        t.isPresent() && t.get().ok() && o.ok() ? (double) o.down / t.get().down : Double.NaN, 0.75, "%.3f", ""));
            }
        }
        for (String server : List.of(OURS, SMALL)) { // "ours" is the target; ours-small alone lets a 100,000 run show it too
            Optional<Step> big = find(server, 100_000, PLUS_10);
            Optional<Step> small = find(server, 1_000, PLUS_10);
            if (server.equals(SMALL) && (big.isEmpty() || small.isEmpty())) {
                continue;
            }
            b.append(target("+10 two-way: " + (server.equals(OURS) ? "our" : server) + " server time on 100,000 / on 1,000",
                    big.isPresent() && small.isPresent() && big.get().ok() && small.get().ok()
                            ? big.get().serverSecs / small.get().serverSecs : Double.NaN, 1.2, "%.2f", ""));
        }
        double worstStart = runs.stream().filter(r -> r.target.equals(OURS) && !Double.isNaN(r.firstAnswerSecs))
                .mapToDouble(Run::firstAnswerSecs).max().orElse(Double.NaN);
        b.append(target("first answer to GET / after process start (ours, the slowest of this run's starts)", worstStart, 0.5,
                "%.3f", " s"));
        Optional<Step> smallSlow = find(SMALL, 100_000, SLOW_UP);
        Optional<Step> smallRefresh = find(SMALL, 100_000, REFRESH);
        b.append(target("small heap, 100,000: slow sync and refresh both complete (1 = yes)", smallSlow.isPresent()
                && smallRefresh.isPresent() ? (smallSlow.get().ok() && smallRefresh.get().ok() ? 1 : 0) : Double.NaN, -1, "%.0f", ""));
        b.append(target("small heap, 100,000: peak RSS over slow sync and refresh", smallSlow.isPresent() && smallRefresh.isPresent()
                ? Math.max(smallSlow.get().peakRssKb, smallRefresh.get().peakRssKb) / 1024.0 : Double.NaN, 200, "%.0f", " MB"));
        b.append(target("small heap, 100,000: server time of the slow sync", smallSlow.filter(Step::ok).map(Step::serverSecs)
                .orElse(Double.NaN), 10, "%.2f", " s"));
        return b.toString();
    }

    /** One target line; limit -1 means "must be 1" (a yes/no target). */
    private static String target(String what, double value, double limit, String fmt, String unit) {
        if (Double.isNaN(value)) {
            return "- " + what + ": NOT MEASURED in this run (that N not in meshchat.benchmark.sizes, a server not run, or a step failed: see above)\n";
        }
        String v = String.format(Locale.ROOT, fmt, value) + unit;
        if (limit < 0) {
            return "- " + what + ": " + v + ": " + (value == 1 ? "MET" : "MISSED") + "\n";
        }
        String l = String.format(Locale.ROOT, fmt, limit) + unit;
        return value <= limit ? "- " + what + ": " + v + " (target ≤ " + l + "): MET\n"
                : String.format(Locale.ROOT, "- %s: %s (target ≤ %s): MISSED by %s (%.0f%% over)%n", what, v, l,
                        String.format(Locale.ROOT, fmt, value - limit) + unit, 100 * (value - limit) / limit);
    }

    private Optional<Step> find(String target, int n, String step) {
        return steps.stream().filter(s -> s.target.equals(target) && s.n == n && s.step.equals(step)).findFirst();
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
    }

    static String oneLine(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }
}
