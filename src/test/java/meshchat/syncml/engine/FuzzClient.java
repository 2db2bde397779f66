package meshchat.syncml.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Get;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Put;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;

/**
 * A SyncML client whose every choice comes from the fuzzer: MsgIDs, MaxMsgSize, encodings,
 * alert codes, anchors, items, chunks, acknowledgements and Maps (or their absence). It answers
 * what the server last sent when the fuzzer says so, which lets it reach package 4 and 6.
 */
final class FuzzClient {
    static final String ENDPOINT = "http://127.0.0.1/sync";
    private static final long[] SIZES = {1850, 2500, 4000, 10_240, 20_000, 150_000};
    private static final int[] ALERTS = {200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 221, 222, 223, 100, 0};
    private static final String[] TYPES = {"text/plain", "text/x-vnote", "application/x-meshchat", "", null};

    final String device;
    final String user;
    final String password;
    String nonce = "";
    int sessionId;
    int msgId;
    String respUri;
    Encoding encoding;
    SyncMLVersion version;
    String lastNext;
    private final FuzzedDataProvider in;

    FuzzClient(FuzzedDataProvider in, String device, String user, String password) {
        this.in = in;
        this.device = device;
        this.user = user;
        this.password = password;
    }

    void newSession() {
        sessionId = in.consumeInt(1, 40);
        msgId = 0;
        respUri = null;
        encoding = in.consumeBoolean() ? Encoding.WBXML : Encoding.XML;
        version = in.consumeInt(0, 3) == 0 ? SyncMLVersion.V1_1 : SyncMLVersion.V1_2;
    }

    /** After a challenge: a new session whose message 1 carries a credential on the new nonce. */
    void restart() {
        sessionId++;
        msgId = 0;
        respUri = null;
    }

    /** The sessionid parameter of the RespURI the server gave us, as SyncMlHandler would pass it. */
    String token() {
        if (respUri == null) {
            return null;
        }
        int i = respUri.indexOf("sessionid=");
        return i < 0 ? null : respUri.substring(i + "sessionid=".length());
    }

    /** The next client message; {@code previous} is the server's last reply (or null). */
    SyncMessage next(SyncMessage previous) throws Exception {
        int choice = in.consumeInt(0, 15);
        msgId = choice == 0 ? msgId : choice == 1 ? in.consumeInt(-1, 12) : msgId + 1;
        if (in.consumeInt(0, 15) == 0) {
            encoding = encoding == Encoding.XML ? Encoding.WBXML : Encoding.XML;
        }
        Long maxMsgSize = in.consumeInt(0, 7) == 0 ? null
                : in.consumeBoolean() ? SIZES[in.consumeInt(0, SIZES.length - 1)] : in.consumeLong(1850, 200_000);
        Cred cred = null;
        if (msgId == 1 || in.consumeInt(0, 15) == 0) {
            cred = new Cred(MetInf.EMPTY.withFormat("b64").withType("syncml:auth-md5"),
                    in.consumeInt(0, 15) == 0 ? str(40) : md5Cred());
        }
        MetInf meta = MetInf.EMPTY.withMaxMsgSize(maxMsgSize)
                .withMaxObjSize(in.consumeBoolean() ? 4_000_000L : in.consumeLong(0, 100_000));
        SyncHdr h = new SyncHdr(version, Integer.toString(sessionId), Integer.toString(msgId),
                Location.of(respUri != null ? respUri : ENDPOINT), new Location(device, user), null,
                in.consumeInt(0, 31) == 0, cred, meta);
        List<Command> cmds = new ArrayList<>();
        int[] cmdId = {1};
        if (previous != null && in.consumeInt(0, 3) != 0) {
            answer(previous, cmds, cmdId);
        }
        int extra = in.consumeInt(0, 15) == 0 ? in.consumeInt(5, 80) : in.consumeInt(0, 4); // now and then a burst
        for (int i = 0; i < extra && in.remainingBytes() > 0; i++) {
            cmds.add(command(Integer.toString(cmdId[0]++)));
        }
        return new SyncMessage(h, cmds, in.consumeInt(0, 3) != 0);
    }

    /** Statuses for the server's commands and Maps for its Adds, as a well-behaved client sends. */
    private void answer(SyncMessage reply, List<Command> cmds, int[] cmdId) {
        String ref = reply.header().msgId();
        cmds.add(Status.forHeader(Integer.toString(cmdId[0]++), ref, StatusCode.OK).withTargetRef(ENDPOINT)
                .withSourceRef(device));
        List<MapCommand.MapItem> maps = new ArrayList<>();
        for (Command c : reply.commands()) {
            if (c instanceof Status || c.noResp()) {
                continue;
            }
            cmds.add(Status.answering(Integer.toString(cmdId[0]++), ref, c,
                    in.consumeInt(0, 7) == 0 ? StatusCode.COMMAND_FAILED : StatusCode.OK));
            if (c instanceof Sync s) {
                for (Command inner : s.commands()) {
                    // 420 (device full) is none of ours: a Status keeps any code as data
                    String code = in.consumeInt(0, 7) == 0 ? "420" : inner.kind() == Command.Kind.ADD ? "201" : "200";
                    cmds.add(new Status(Integer.toString(cmdId[0]++), ref, inner.cmdId(), inner.kind().element,
                            List.of(), List.of(), null, code, List.of()));
                    if (inner.kind() == Command.Kind.ADD && !inner.items().isEmpty() && inner.items().get(0).sourceUri() != null) {
                        maps.add(new MapCommand.MapItem(inner.items().get(0).sourceUri(), "L" + maps.size() + "-" + msgId));
                    }
                }
            }
        }
        if (!maps.isEmpty() && in.consumeInt(0, 7) != 0) {
            cmds.add(new MapCommand(Integer.toString(cmdId[0]++), Location.of("meshchat"), Location.of("./memo"), null, maps));
        }
    }

    private Command command(String id) {
        switch (in.consumeInt(0, 5)) {
            case 0, 1 -> {
                int code = in.consumeBoolean() ? ALERTS[in.consumeInt(0, ALERTS.length - 1)] : in.consumeInt(-5, 1000);
                String last = in.consumeBoolean() ? lastNext : str(20);
                lastNext = in.consumeBoolean() ? "A" + in.consumeInt(0, 1_000_000) : str(30);
                String target = in.consumeInt(0, 7) == 0 ? str(20) : "meshchat";
                return new Alert(id, false, null, Integer.toString(code), List.of(new Item(Location.of(target),
                        Location.of("./memo"), MetInf.EMPTY.withAnchor(new Anchor(last, lastNext)), null, null, null, false)));
            }
            case 2, 3 -> {
                int n = in.consumeInt(0, 15) == 0 ? in.consumeInt(7, 60) : in.consumeInt(0, 6);
                List<Command> inner = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    inner.add(itemCommand(id + i)); // CmdIDs 1, 10, 11, ...: numeric, unique enough
                }
                Long changes = in.consumeBoolean() ? null : (long) in.consumeInt(-1, 10);
                return new Sync(id, false, Location.of("meshchat"), Location.of("./memo"), null, changes, inner);
            }
            case 4 -> {
                List<MapCommand.MapItem> items = new ArrayList<>();
                for (int i = in.consumeInt(0, 3); i > 0; i--) {
                    items.add(new MapCommand.MapItem(str(40), str(20)));
                }
                return new MapCommand(id, Location.of("meshchat"), Location.of("./memo"), null, items);
            }
            default -> {
                String uri = in.consumeBoolean() ? "./devinf12" : str(20);
                Item item = Item.withData(Location.of(uri), Location.of(uri), in.consumeBoolean() ? null : str(100));
                return in.consumeBoolean() ? new Get(id, false, MetInf.ofType("application/vnd.syncml-devinf+xml"), List.of(item))
                        : new Put(id, false, MetInf.ofType("application/vnd.syncml-devinf+xml"), List.of(item));
            }
        }
    }

    private ItemCommand itemCommand(String id) {
        Command.Kind kind = switch (in.consumeInt(0, 4)) {
            case 0, 1 -> Command.Kind.ADD;
            case 2 -> Command.Kind.REPLACE;
            case 3 -> Command.Kind.DELETE;
            default -> Command.Kind.COPY;
        };
        String luid = in.consumeInt(0, 7) == 0 ? str(60) : "c" + in.consumeInt(0, 9);
        String text = kind == Command.Kind.DELETE && in.consumeBoolean() ? null : str(in.consumeInt(0, 3) == 0 ? 3000 : 80);
        boolean moreData = in.consumeInt(0, 7) == 0;
        MetInf meta = MetInf.ofType(TYPES[in.consumeInt(0, TYPES.length - 1)]);
        if (in.consumeInt(0, 5) == 0) {
            meta = meta.withSize(in.consumeLong(-1, 10_000_000));
        }
        Location source = kind == Command.Kind.DELETE ? null : Location.of(luid);
        Location target = kind == Command.Kind.DELETE || kind == Command.Kind.REPLACE ? Location.of(luid) : null;
        return ItemCommand.of(kind, id, meta, List.of(Item.withData(target, source, text).withMoreData(moreData)));
    }

    /**
     * A fuzzer string. In an XML session, characters XML 1.0 cannot carry are dropped: a client
     * cannot send them (our codec would refuse the body with HTTP 400), and keeping them would
     * end nearly every XML session at its first message.
     */
    private String str(int max) {
        String s = in.consumeString(max);
        if (encoding != Encoding.XML) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if ((c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && !Character.isSurrogate(c)
                    && c != '\uFFFE' && c != '\uFFFF') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** SyncEvolution's MD5 credential: b64(md5(b64(md5(user:password)) + ":" + nonce)). */
    String md5Cred() throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        String userPass = Base64.getEncoder().encodeToString(md5.digest((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        md5.reset();
        md5.update((userPass + ":").getBytes(StandardCharsets.US_ASCII));
        md5.update(Base64.getDecoder().decode(nonce));
        return Base64.getEncoder().encodeToString(md5.digest());
    }
}
