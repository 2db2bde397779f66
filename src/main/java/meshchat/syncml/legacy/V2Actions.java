package meshchat.syncml.legacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.TextRule;
import meshchat.syncml.store.Store;

/**
 * The actions of v2's {@code /cgi-bin/meshchat} (meshchat-v2.md section 2), answered as v2.12.1
 * answers them, from our store. One deliberate difference: {@code messages_version} has no
 * trailing LF, so a v2 node whose file equals ours skips the download (v2's daemon compares the
 * body with its own version, which it reads without the LF).
 */
final class V2Actions {

    /** The v2 release whose API we answer (the UI reads it from config). */
    static final String API_VERSION = "2.12.1";
    static final String PROTOCOL_VERSION = "1.02";
    /** The platform v2 nodes see for us and for messages born here: not an AREDN node. */
    static final String PLATFORM = "pi";

    private static final Logger LOG = LoggerFactory.getLogger(V2Actions.class);
    private static final String OK = "{\"status\":200, \"response\":\"OK\"}\n";

    private final Store store;
    private final Clock clock;
    private final V2Db db;
    private final V2Users users;
    private final V2SyncStatus status;
    private final V2Discovery discovery;
    private final String node;
    private final String zone;
    private final RandomGenerator random;

    V2Actions(Store store, Clock clock, V2Db db, V2Users users, V2SyncStatus status, V2Discovery discovery,
              String node, String zone, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.db = db;
        this.users = users;
        this.status = status;
        this.discovery = discovery;
        this.node = node;
        this.zone = zone;
        this.random = random;
    }

    /** @param q the form values (query string and POST body), first value of each name */
    V2Reply answer(Map<String, String> q, boolean acceptsGzip, String from) {
        String action = q.getOrDefault("action", "");
        return switch (action) {
            case "messages_raw" -> {
                V2Db.View v = db.current(); // one view: the MD5 must be of this very body
                yield V2Reply.withMd5(v.md5(), v.body());
            }
            case "messages_download" -> {
                V2Db.View v = db.current();
                yield V2Reply.withMd5(v.md5(), v.body(), "Content-Disposition", "attachment; filename=messages.txt;");
            }
            case "messages_version" -> V2Reply.of(V2Reply.TEXT, db.current().version());
            case "messages_md5" -> V2Reply.of(V2Reply.TEXT, db.current().md5() + "\n");
            case "users_raw" -> {
                byte[] raw = users.localRaw();
                yield V2Reply.withMd5(V2Format.md5Hex(raw), raw);
            }
            case "local_files_raw" -> V2Reply.withMd5(V2Format.EMPTY_MD5, new byte[0]); // we share no files
            case "send_message" -> sendMessage(q, from);
            case "messages" -> messages(q, acceptsGzip);
            case "messages_version_ui" -> {
                V2Reply r = V2Reply.of(V2Reply.JSON, "{\"messages_version\":" + db.current().version() + "}\n");
                touch(q); // after the output, as v2 does
                yield r;
            }
            case "config" -> V2Reply.of(V2Reply.JSON, V2Json.object().put("version", API_VERSION)
                    .put("zone", zone).put("debug", 0).put("default_channel", "").put("node", node)
                    .put("protocol_verison", PROTOCOL_VERSION) + "\n");
            case "sync_status" -> {
                List<String> items = new ArrayList<>();
                for (V2SyncStatus.Peer p : status.synced()) {
                    items.add(V2Json.object().put("node", p.name()).put("epoch", p.lastGood()).toString());
                }
                yield V2Reply.of(V2Reply.JSON, V2Json.array(items) + "\n");
            }
            case "users" -> {
                List<String> items = new ArrayList<>();
                for (V2Users.User u : users.all()) {
                    items.add(V2Json.object().raw("epoch", u.epoch()).put("id", u.id()).put("call_sign", u.callSign())
                            .put("node", u.node()).put("platform", u.platform()).toString());
                }
                yield V2Reply.of(V2Reply.JSON, V2Json.array(items) + "\n");
            }
            case "files" -> V2Reply.of(V2Reply.JSON, files());
            case "file_download" -> V2Reply.of(V2Reply.TEXT, "no file\n");
            case "upload_file" -> V2Reply.of(V2Reply.JSON,
                    "{\"status\":500, \"response\":\"Not enough storage, delete some files\"}\n");
            case "delete_file" -> V2Reply.of(V2Reply.JSON, OK);
            case "meshchat_nodes" -> {
                StringBuilder b = new StringBuilder();
                String z = q.get("zone_name");
                if (z != null) {
                    discovery.services(z).forEach(s -> b.append(s.line()).append('\n'));
                }
                yield V2Reply.of(V2Reply.TEXT, b.toString());
            }
            case "hosts", "action_log" -> V2Reply.of(V2Reply.JSON, "[]\n"); // no DHCP leases here
            case "hosts_raw" -> V2Reply.of(V2Reply.JSON, "");
            default -> V2Reply.of(V2Reply.TEXT, "error no action\n");
        };
    }

    /**
     * v2.12.1's send_message: message, call_sign, channel and a numeric epoch are required (else
     * the script dies: 200, headers, no body); the epoch is ours unless the client's is later; an
     * id is kept when it is 8 lower-case hex and no message or tombstone of ours uses it. The text
     * is stored as a v2 node would show it after its own escaping, so the line round-trips. Text
     * and fields follow {@link TextRule}: controls dropped, a CR in call_sign or channel (v2 keeps
     * it raw, and it breaks our replies and v2's line format) becomes a space.
     */
    private V2Reply sendMessage(Map<String, String> q, String from) {
        String message = q.get("message");
        String callSign = q.get("call_sign");
        String channel = q.get("channel");
        Double clientEpoch = luaNumber(q.get("epoch"));
        if (message == null || callSign == null || channel == null || clientEpoch == null) {
            return V2Reply.crashed(V2Reply.JSON);
        }
        long now = clock.instant().getEpochSecond();
        long epoch = clientEpoch > now && clientEpoch < Long.MAX_VALUE ? (long) Math.floor(clientEpoch) : now;
        // the rule first, so v2's escaping comes last and the stored line round-trips
        String text = V2Format.unescape(V2Format.escape(TextRule.cleanText(message)));
        if (text.isBlank() || V2Format.tooFarAhead(epoch, now)) {
            return V2Reply.of(V2Reply.JSON, OK); // v2 answers OK and its next trim drops the line
        }
        String sign;
        String chan;
        try {
            TextRule.text(text);
            sign = TextRule.field("call_sign", callSign);
            chan = TextRule.field("channel", channel);
        } catch (IllegalArgumentException e) {
            LOG.info("v2 send_message from {} refused: {}", from, e.getMessage());
            return V2Reply.crashed(V2Reply.JSON); // where v2 would die, we answer as it would
        }
        String wanted = q.get("id");
        store.write(tx -> {
            String id = MessageId.isV2Id(wanted) && !tx.v2IdInUse(wanted) ? wanted : tx.freshV2Id(random);
            return tx.addMessage(Message.create(id, epoch, text, sign, node, PLATFORM, chan), "v2-ui:" + from);
        });
        return V2Reply.of(V2Reply.JSON, OK);
    }

    /** All messages of the file that v2's UI pattern accepts, newest first, as JSON (no LF). */
    private V2Reply messages(Map<String, String> q, boolean gzip) {
        if (luaNumber(q.get("epoch")) != null && q.get("call_sign") != null && q.get("id") == null) {
            return V2Reply.crashed(V2Reply.JSON); // v2 dies writing a presence line without id
        }
        touch(q);
        List<Message> ascending = db.current().messages();
        List<String> items = new ArrayList<>();
        for (int i = ascending.size() - 1; i >= 0; i--) {
            Message m = V2Format.v2Shape(ascending.get(i));
            if (shownByV2Ui(m)) {
                items.add(V2Json.object().put("message", m.text()).put("platform", m.platform())
                        .put("call_sign", m.callSign()).put("channel", m.channel()).put("id", m.v2Id())
                        .put("epoch", m.epoch()).put("node", m.node()).toString());
            }
        }
        byte[] json = V2Json.array(items).getBytes(StandardCharsets.UTF_8);
        V2Reply r = V2Reply.of(V2Reply.JSON, json);
        return gzip ? r.plus("Content-Encoding", "gzip").withBody(gzip(json)) : r;
    }

    /** v2's UI reader {@code ^(%S+)\t(%S+)\t(.+)\t([^\t]+)\t(%S*)\t(%S+)\t(%S*)$} skips other lines. */
    private static boolean shownByV2Ui(Message m) {
        return !m.callSign().isEmpty() && !hasLuaSpace(m.node()) && !m.platform().isEmpty()
                && !hasLuaSpace(m.platform()) && !hasLuaSpace(m.channel());
    }

    private static boolean hasLuaSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (" \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Presence from messages / messages_version_ui: needs call_sign, id and a numeric epoch. */
    private void touch(Map<String, String> q) {
        Double clientEpoch = luaNumber(q.get("epoch"));
        String callSign = q.get("call_sign");
        String id = q.get("id");
        if (clientEpoch == null || callSign == null || id == null || callSign.isEmpty()) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        users.touch(callSign, id, clientEpoch > now && clientEpoch < Long.MAX_VALUE ? (long) Math.floor(clientEpoch) : now);
    }

    private String files() {
        long total = 0;
        long used = 0;
        try {
            var fs = java.nio.file.Files.getFileStore(store.dataDir());
            total = fs.getTotalSpace();
            used = total - fs.getUnallocatedSpace();
        } catch (IOException e) {
            // df failing leaves v2's numbers at 0 too
        }
        String stats = V2Json.object().put("total", total).put("used", used).put("files", 0)
                .put("files_free", 0).put("allowed", 0).toString(); // we share no files
        return V2Json.object().raw("stats", stats).raw("files", "[]") + "\n";
    }

    /** Longest form value read as a number: an epoch with a fraction has about 20 characters. */
    static final int MAX_NUMBER_CHARS = 64;

    /** Lua's tonumber for a form value: decimal, with optional fraction/exponent, or 0x hex; null if not a number. */
    static Double luaNumber(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.length() > MAX_NUMBER_CHARS) {
            return null; // no epoch is that long; and a long run of digits is what regexes backtrack on
        }
        try {
            if (t.matches("[-+]?0[xX][0-9a-fA-F]{1,15}")) {
                boolean neg = t.startsWith("-");
                double v = Long.parseLong(t.replaceFirst("^[-+]?0[xX]", ""), 16);
                return neg ? -v : v;
            }
            if (t.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) { // one way to match: no backtracking
                double v = Double.parseDouble(t);
                return Double.isFinite(v) ? v : null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 32);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
