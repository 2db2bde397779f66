package meshchat.syncml.legacy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.TextRule;

/**
 * The MeshChat v2 message file, byte for byte (reference: meshchat-v2.md, sections 1.1 to 1.4).
 * Pure functions; no I/O.
 *
 * <p>A line is {@code id \t epoch \t message \t call_sign \t node \t platform \t channel}; the
 * file is those lines, each followed by LF, UTF-8. Only the message field is escaped (LF to
 * backslash-n, {@code "} to backslash-quote, TAB to a space) and the escaping loses information,
 * so a text does not always survive {@code unescape(escape(text))} (see {@link #v2Shape}).
 */
final class V2Format {

    /** v2's {@code max_messages_db_size}. */
    static final int MAX_MESSAGES = 500;
    /** v2's {@code valid_future_message_time}: lines this far ahead or more are dropped. */
    static final long FUTURE_LIMIT_SECONDS = 30L * 24 * 60 * 60;
    /** MD5 of an empty body: what a v2 node sends for an empty users or files list. */
    static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

    /** Why a peer's line was not imported. */
    /** Why a line is not imported; OVER_CAP: past the newest {@link #MAX_MESSAGES} of one file, as v2 keeps. */
    enum Reject { FIELD_COUNT, ID, EPOCH, FUTURE, EMPTY_TEXT, TOO_LONG, OVER_CAP, PAST_RETENTION }

    /** One parsed line: a message, or the reason there is none. */
    record Parsed(Message message, Reject reject) {
    }

    /** Ascending as v2's sort_and_trim_db sorts: epoch, then numeric id (for 8 lower-case hex, the
     *  text order); GUID last, because Lua's sort is unstable and ours must not be. */
    static final Comparator<Message> V2_ORDER = Comparator.comparingLong(Message::epoch)
            .thenComparing(Message::v2Id).thenComparing(Message::id);

    private static final Pattern HEX_PREFIX = Pattern.compile("^[0-9a-f]+");
    private static final Pattern EPOCH = Pattern.compile("\\d{1,18}");
    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final double TWO_53 = 9007199254740992.0;

    private V2Format() {
    }

    /** v2's write escaping ({@code meshchat:162}): LF to {@code \n}, {@code "} to {@code \"}, TAB to space. */
    static String escape(String text) {
        return text.replace("\n", "\\n").replace("\"", "\\\"").replace('\t', ' ');
    }

    /** v2's read unescaping ({@code meshchat:236}): {@code \n} to LF first, then {@code \"} to {@code "}. */
    static String unescape(String field) {
        return field.replace("\\n", "\n").replace("\\\"", "\"");
    }

    /**
     * A field other than the message: v2 never escapes these, so a TAB or LF would break the line
     * and a CR or other control would reach every v2 page raw; all become a space or go
     * ({@link TextRule#oneLine}).
     */
    static String field(String value) {
        return TextRule.oneLine(value);
    }

    /** The v2 line of a message, without its LF. */
    static String line(Message m) {
        return m.v2Id() + '\t' + m.epoch() + '\t' + escape(m.text()) + '\t' + field(m.callSign()) + '\t'
                + field(m.node()) + '\t' + field(m.platform()) + '\t' + field(m.channel());
    }

    /**
     * The message a v2 node holds after receiving {@link #line(Message) line(m)}: the same fields
     * after the lossy escaping. Its GUID differs from m's when the text had a TAB or a literal
     * backslash-n, or another field had a TAB or LF.
     */
    static Message v2Shape(Message m) {
        String text = unescape(escape(m.text()));
        if (TextRule.isBlank(text)) {
            return m; // a typed backslash-n alone: v2 holds an empty line, which no one imports
        }
        return Message.create(m.v2Id(), m.epoch(), text, field(m.callSign()),
                field(m.node()), field(m.platform()), field(m.channel()));
    }

    /** The file: each line followed by LF, UTF-8. */
    static byte[] body(List<String> lines) {
        StringBuilder b = new StringBuilder(lines.size() * 64);
        for (String line : lines) {
            b.append(line).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The lines of a body: split on LF, the empty rest after the last LF dropped. */
    static List<String> lines(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            out.add(text.substring(start, nl));
            start = nl + 1;
        }
        if (start < text.length()) {
            out.add(text.substring(start)); // a last line without LF still counts (io.lines does too)
        }
        return out;
    }

    /**
     * Parses one line of a peer's file. Stricter than v2 where our store must be: exactly 7
     * fields, an id of exactly 8 lower-case hex digits (v2 keeps any {@code %x+}, but upper-case
     * or longer ids break its version sum), a decimal epoch (Lua's tonumber would also take
     * {@code 1.7e9}), a text that is not blank (v2 keeps an empty one, its UI never shows it) and
     * fields that fit the store. Text and fields are cleaned by {@link TextRule} (a control
     * character or CR a v2 node stored as given would break our XML replies). Like v2, drops
     * epochs {@code >= now + 30 days}.
     */
    static Parsed parse(String line, long now) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
            return new Parsed(null, Reject.FIELD_COUNT);
        }
        if (!MessageId.isV2Id(f[0])) {
            return new Parsed(null, Reject.ID);
        }
        if (!EPOCH.matcher(f[1]).matches()) {
            return new Parsed(null, Reject.EPOCH);
        }
        long epoch = Long.parseLong(f[1]);
        if (tooFarAhead(epoch, now)) {
            return new Parsed(null, Reject.FUTURE);
        }
        String text = TextRule.cleanText(unescape(f[2]));
        if (text.isBlank()) {
            return new Parsed(null, Reject.EMPTY_TEXT);
        }
        try {
            return new Parsed(Message.create(f[0], epoch, text, f[3], f[4], f[5], f[6]), null);
        } catch (IllegalArgumentException e) {
            return new Parsed(null, Reject.TOO_LONG); // the rule refuses nothing else once the text is not blank
        }
    }

    /** v2.6+'s rule: a line is kept only while {@code epoch < now + 30 days}. */
    static boolean tooFarAhead(long epoch, long now) {
        return epoch >= now + FUTURE_LIMIT_SECONDS;
    }

    /**
     * What v2's sort_and_trim_db keeps of these messages: those not too far ahead, sorted by
     * {@link #V2_ORDER}, the newest {@link #MAX_MESSAGES}. (v2 also counts the dropped lines
     * against the cap in that same pass, so it may keep fewer; the next pass evens it out.)
     */
    static List<Message> sortAndCap(List<Message> messages, long now) {
        List<Message> kept = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (!tooFarAhead(m.epoch(), now)) {
                kept.add(m);
            }
        }
        kept.sort(V2_ORDER);
        return kept.size() <= MAX_MESSAGES ? kept : List.copyOf(kept.subList(kept.size() - MAX_MESSAGES, kept.size()));
    }

    /**
     * v2's version sum ({@code get_messages_version_file}): over the lines in order, add the
     * leading run of {@code [0-9a-f]} read as base 16 (Lua 5.1's tonumber uses strtoul: 64 bits
     * on a 64-bit libc, saturating), as a double; lines without one add 0. Formatted by
     * {@link #luaNumber}, without the LF v2 appends.
     */
    static String version(List<String> lines) {
        double sum = 0;
        for (String line : lines) {
            Matcher m = HEX_PREFIX.matcher(line);
            if (m.find()) {
                BigInteger n = new BigInteger(m.group(), 16);
                sum += (n.compareTo(ULONG_MAX) > 0 ? ULONG_MAX : n).doubleValue();
            }
        }
        return luaNumber(sum);
    }

    /**
     * How Lua prints a number. An integer below 2^53 prints as an integer: both stock Lua 5.1
     * ({@code %.14g}, exact below 10^14) and OpenWrt's LNUM build do so for every sum of 500
     * 8-hex ids (at most about 2.1e12). Anything else prints as C's {@code %.14g}, as stock Lua
     * 5.1 does (a 16-hex id gave {@code 8.1985536725249e+16}); an LNUM build may differ there.
     */
    static String luaNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < TWO_53) {
            return Long.toString((long) v);
        }
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(14, RoundingMode.HALF_EVEN));
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 14) {
            String digits = d.unscaledValue().abs().toString().replaceAll("0+$", "");
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(exponent));
            return (d.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        return d.stripTrailingZeros().toPlainString();
    }

    /** Lower-case hex MD5, as md5sum prints it and v2 sends it in Content-MD5. */
    static String md5Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always present in the JDK", e);
        }
    }
}
