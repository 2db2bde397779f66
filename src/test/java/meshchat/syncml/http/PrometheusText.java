package meshchat.syncml.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4 (no Java parser for it is on
 * Maven Central): every line is a HELP, a TYPE or a sample; names, label escapes and values follow
 * the format's grammar; each sample belongs to a family TYPEd before it (counter, gauge,
 * histogram, summary, untyped), with the suffixes its type allows; a family is TYPEd once; a
 * histogram's buckets are cumulative and end at +Inf equal to its _count. Throws on the first
 * violation, naming the line.
 */
final class PrometheusText {
    /** One sample: name, labels in order, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|NaN|[+-]Inf");

    private PrometheusText() {
    }

    static List<Sample> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw bad(n, line, "family TYPEd twice");
                }
            } else if (line.startsWith("# HELP ")) {
                if (!HELP.matcher(line).matches()) {
                    throw bad(n, line, "malformed HELP");
                }
            } else if (line.startsWith("#")) {
                continue; // other comments are allowed
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                Map<String, String> labels = labels(n, line, m.group(3));
                if (!VALUE.matcher(m.group(4)).matches()) {
                    throw bad(n, line, "value is not a float");
                }
                String name = m.group(1);
                String family = family(name, types);
                if (family == null) {
                    throw bad(n, line, "sample of no TYPEd family");
                }
                samples.add(new Sample(name, labels, Double.parseDouble(m.group(4).replace("Inf", "Infinity"))));
            } else {
                throw bad(n, line, "neither comment nor sample");
            }
        }
        checkHistograms(samples, types);
        return samples;
    }

    private static Map<String, String> labels(int n, String line, String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw bad(n, line, "malformed label at " + at);
            }
            if (out.put(m.group(1), m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\")) != null) {
                throw bad(n, line, "label repeated: " + m.group(1));
            }
            at = m.end();
        }
        return out;
    }

    /** The family a sample name belongs to, by its type's allowed suffixes; null when none. */
    private static String family(String name, Map<String, String> types) {
        String t = types.get(name);
        if (t != null && !t.equals("histogram") && !t.equals("summary")) {
            return name;
        }
        if (name.endsWith("_total") && "counter".equals(types.get(name.substring(0, name.length() - 6)))) {
            return name.substring(0, name.length() - 6); // OpenMetrics style: the family without _total
        }
        for (String suffix : List.of("_bucket", "_sum", "_count", "_created")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String bt = types.get(base);
                if ("histogram".equals(bt) || "summary".equals(bt) && !suffix.equals("_bucket")) {
                    return base;
                }
            }
        }
        return t != null && t.equals("summary") ? name : null; // a summary's quantile samples carry its name
    }

    private static void checkHistograms(List<Sample> samples, Map<String, String> types) {
        Map<String, List<Sample>> buckets = new LinkedHashMap<>();
        Map<String, Double> counts = new HashMap<>();
        for (Sample s : samples) {
            if (s.name().endsWith("_bucket")) {
                Map<String, String> rest = new LinkedHashMap<>(s.labels());
                if (rest.remove("le") == null) {
                    throw new IllegalArgumentException("bucket without le: " + s);
                }
                buckets.computeIfAbsent(s.name() + rest, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                String base = s.name().substring(0, s.name().length() - 6);
                if ("histogram".equals(types.get(base))) {
                    counts.put(base + "_bucket" + s.labels(), s.value());
                }
            }
        }
        buckets.forEach((key, list) -> {
            double le = Double.NEGATIVE_INFINITY;
            double last = 0;
            for (Sample b : list) {
                double bound = Double.parseDouble(b.labels().get("le").replace("Inf", "Infinity"));
                if (bound <= le || b.value() < last) {
                    throw new IllegalArgumentException("buckets not ascending and cumulative: " + key);
                }
                le = bound;
                last = b.value();
            }
            if (le != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("histogram without a +Inf bucket: " + key);
            }
            Double count = counts.get(key);
            if (count == null || count != last) {
                throw new IllegalArgumentException("+Inf bucket " + last + " is not _count " + count + ": " + key);
            }
        });
    }

    private static IllegalArgumentException bad(int n, String line, String why) {
        return new IllegalArgumentException("line " + n + ": " + why + ": " + line);
    }

    /** The one sample of this name whose labels include these; fails when none or several. */
    static double value(List<Sample> samples, String name, String... labelPairs) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + " " + List.of(labelPairs) + ": " + found);
        }
        return found.get(0).value();
    }
}
