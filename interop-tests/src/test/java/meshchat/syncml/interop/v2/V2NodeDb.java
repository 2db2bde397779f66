package meshchat.syncml.interop.v2;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A v2 node's message file and version file, written from meshchat-v2.md (sections 1.1 to 1.4,
 * 3.3) and independent of the bridge's code: the file is a list of opaque lines; only the id and
 * epoch are ever looked at, exactly where v2's Lua looks at them. Every method holds the lock,
 * as v2's get_lock does.
 */
final class V2NodeDb {

    static final int MAX_MESSAGES_DB_SIZE = 500;
    static final long VALID_FUTURE_MESSAGE_TIME = 30L * 24 * 60 * 60;

    private static final Pattern TRIM_KEY = Pattern.compile("^([0-9a-fA-F]+)\t(\\S+)\t"); // Lua ^(%x+)\t(%S+)\t
    private static final Pattern VERSION_KEY = Pattern.compile("^([0-9a-f]+)");
    private static final Pattern MERGE_KEY = Pattern.compile("^(\\S+)\\s");

    private List<String> lines = new ArrayList<>();
    private String versionFile = "0\n";

    /** send_message's write: escape the text, append the line, trim, save the version. */
    synchronized void append(String id, long epoch, String message, String callSign, String node, String platform,
                             String channel, long now) {
        String escaped = message.replace("\n", "\\n").replace("\"", "\\\"").replace("\t", " ");
        lines.add(id + "\t" + epoch + "\t" + escaped + "\t" + callSign + "\t" + node + "\t" + platform + "\t" + channel);
        sortAndTrim(now);
        saveVersion();
    }

    /**
     * merge_messages: map the remote lines by id (a later line wins), append those whose id we
     * do not have, trim, save the version. Existing lines are never replaced.
     */
    synchronized void merge(List<String> remote, long now) {
        Map<String, String> rmsg = new LinkedHashMap<>();
        for (String line : remote) {
            Matcher m = MERGE_KEY.matcher(line);
            if (m.find()) {
                rmsg.put(m.group(1), line);
            }
        }
        Map<String, String> lmsg = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = MERGE_KEY.matcher(line);
            if (m.find()) {
                lmsg.put(m.group(1), line);
            }
        }
        rmsg.forEach((id, line) -> {
            if (!lmsg.containsKey(id)) {
                lines.add(line);
            }
        });
        sortAndTrim(now);
        saveVersion();
    }

    /**
     * sort_and_trim_db, quirk included: lines dropped for a bad id or a far epoch still count
     * against the 500 in the pass that drops them.
     */
    private void sortAndTrim(long now) {
        long validTime = now + VALID_FUTURE_MESSAGE_TIME;
        int unused = MAX_MESSAGES_DB_SIZE;
        record Entry(double epoch, double id, String line) {
        }
        List<Entry> kept = new ArrayList<>();
        for (String line : lines) {
            Matcher m = TRIM_KEY.matcher(line);
            Double epoch = m.find() ? luaToNumber(m.group(2)) : null;
            if (epoch != null && epoch < validTime) {
                kept.add(new Entry(epoch, new BigInteger(m.group(1), 16).doubleValue(), line));
            }
            unused--;
        }
        kept.sort((a, b) -> a.epoch() == b.epoch() ? Double.compare(a.id(), b.id()) : Double.compare(a.epoch(), b.epoch()));
        List<String> out = new ArrayList<>();
        for (Entry e : kept) {
            if (++unused > 0) {
                out.add(e.line());
            }
        }
        lines = out;
    }

    /** save_messages_db_version: the sum of each line's leading lower-case hex, then LF. */
    private void saveVersion() {
        double sum = 0;
        for (String line : lines) {
            Matcher m = VERSION_KEY.matcher(line);
            if (m.find()) {
                sum += new BigInteger(m.group(1), 16).doubleValue();
            }
        }
        // Lua prints these sums (8-hex ids, at most 500 lines) as integers
        versionFile = (sum == Math.rint(sum) && sum < 1e14 ? Long.toString((long) sum) : Double.toString(sum)) + "\n";
    }

    /** The file, byte for byte: every line followed by LF. */
    synchronized String file() {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The version file's content, LF included (what messages_version prints). */
    synchronized String versionFile() {
        return versionFile;
    }

    /** get_messages_db_version: the first line of the version file, without its LF. */
    synchronized String version() {
        return versionFile.substring(0, versionFile.indexOf('\n'));
    }

    synchronized boolean hasId(String id) {
        for (String line : lines) {
            if (line.startsWith(id + "\t")) {
                return true;
            }
        }
        return false;
    }

    /** Lua 5.1's tonumber for a decimal text; null where it answers nil. */
    static Double luaToNumber(String s) {
        try {
            return s.matches("\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*") ? Double.valueOf(s.strip()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
