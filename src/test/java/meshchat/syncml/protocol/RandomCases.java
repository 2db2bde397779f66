package meshchat.syncml.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Property-based testing with plain JUnit: a property is checked on many values drawn from a
 * seeded {@link Random}. Case i of a run draws from its own generator, seeded from the run seed
 * and i only, so one failing case can be replayed alone.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@code -Dproperty.seed=N}: the run seed (default {@link #DEFAULT_SEED}, so CI is deterministic);</li>
 *   <li>{@code -Dproperty.case=I}: check only case I (to replay a failure);</li>
 *   <li>{@code -Dproperty.cases=N}: check N cases per property instead of each property's default.</li>
 * </ul>
 * A failure names the property, the seed, the case and the generated value, and checks every case
 * before failing, so the message says how many cases failed.
 */
public final class RandomCases {
    public static final long DEFAULT_SEED = 20251126L;
    /** How many failing cases are described in full in the failure message. */
    private static final int DESCRIBED = 3;

    private RandomCases() {
    }

    /** A check that may throw anything; an exception or an AssertionError fails the case. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T value) throws Exception;
    }

    public static long seed() {
        return Long.getLong("property.seed", DEFAULT_SEED);
    }

    /** The seed of case i of a run: a SplitMix64 step, so neighbouring cases are unrelated. */
    public static long caseSeed(long seed, int i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Checks the property on generated values, describing a failing value with toString. */
    public static <T> void forAll(String property, int cases, Function<Random, T> generator, Check<T> check) {
        forAll(property, cases, generator, check, v -> visible(String.valueOf(v)));
    }

    /** Checks the property on generated values; describe renders a value for the failure message. */
    public static <T> void forAll(String property, int cases, Function<Random, T> generator, Check<T> check,
                                  Function<T, String> describe) {
        long seed = seed();
        Integer only = Integer.getInteger("property.case");
        int count = Integer.getInteger("property.cases", cases);
        int first = only == null ? 0 : only;
        int last = only == null ? count - 1 : only;
        int failed = 0;
        List<String> described = new ArrayList<>();
        Throwable firstFailure = null;
        for (int i = first; i <= last; i++) {
            T value = null;
            try {
                value = generator.apply(new Random(caseSeed(seed, i)));
                check.check(value);
            } catch (Exception | AssertionError | StackOverflowError e) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = e;
                }
                if (described.size() < DESCRIBED) {
                    String input = value == null ? "(the generator failed)" : describe.apply(value);
                    described.add("case " + i + " (replay: -Dproperty.seed=" + seed + " -Dproperty.case=" + i + "): "
                            + e + "\n  input: " + input);
                }
            }
        }
        if (failed > 0) {
            StringBuilder sb = new StringBuilder();
            sb.append(property).append(": ").append(failed).append(" of ").append(last - first + 1)
                    .append(" cases failed (seed ").append(seed).append(")");
            for (String d : described) {
                sb.append("\n").append(d);
            }
            throw new AssertionError(sb.toString(), firstFailure);
        }
    }

    /** The string with line breaks, controls, surrogates and non-ASCII shown as escapes. */
    public static String visible(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp >= 0x20 && cp < 0x7F) {
                sb.append((char) cp);
            } else if (cp <= 0xFFFF) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.append(String.format("\\u{%X}", cp));
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
