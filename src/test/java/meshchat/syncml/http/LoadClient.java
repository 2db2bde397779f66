package meshchat.syncml.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;

/**
 * A memo client for the load test: keeps its own items (LUID to text), runs whole sessions
 * (Alert, Sync with its changes, acknowledgements and Maps until the server's Final) over real
 * HTTP, and records what a test must check: every reply's encoded size against the MaxMsgSize it
 * declared, the status of every command, the sync mode the server chose. On a SyncHdr 401/407
 * that carries a NextNonce it starts again with a credential on that nonce (SyncEvolution does).
 */
final class LoadClient {
    /** One finished session, as the client saw it. */
    record SessionResult(int serverAlert, int alertStatus, long nanos, int messages, int largestReply) {
    }

    final String device;
    final String user;
    final Encoding encoding;
    final long maxMsgSize;
    /** LUID to text: what this device holds. */
    final Map<String, String> items = new HashMap<>();
    /** Problems seen (oversized replies, unexpected statuses); the test asserts this stays empty. */
    final List<String> problems = new ArrayList<>();
    private final String password;
    private final String url;
    private final HttpClient http;
    private String nonce = "";
    private int sessionId;
    private int msgId;
    private String respUri;
    private String anchor;
    private int nextLuid;

    LoadClient(HttpClient http, String url, String device, String user, String password, Encoding encoding, long maxMsgSize) {
        this.http = http;
        this.url = url;
        this.device = device;
        this.user = user;
        this.password = password;
        this.encoding = encoding;
        this.maxMsgSize = maxMsgSize;
    }

    String newLuid() {
        return "L" + (++nextLuid);
    }

    /** One session: mode 200 (two-way) or 201 (slow); {@code adds} are new texts, {@code deletes} LUIDs held. */
    SessionResult session(int mode, List<String> adds, List<String> deletes) throws Exception {
        long start = System.nanoTime();
        largestReply = 0;
        String next = "A" + (sessionId + 1);
        SyncMessage r1 = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            sessionId++;
            msgId = 0;
            respUri = null;
            Alert alert = Alert.of("1", AlertCode.byCode(mode).orElseThrow(), Item.withData(Location.of("meshchat"),
                    Location.of("./memo"), MetInf.EMPTY.withAnchor(new Anchor(anchor, next)), null));
            r1 = send(List.of(alert), true);
            Status hdr = (Status) r1.commands().get(0);
            if ((hdr.is(StatusCode.INVALID_CREDENTIALS) || hdr.is(StatusCode.MISSING_CREDENTIALS)) && hdr.chal() != null
                    && hdr.chal().nextNonce() != null) {
                continue; // send() kept the new nonce: start again with a credential on it
            }
            break;
        }
        int hdrCode = ((Status) r1.commands().get(0)).code();
        if (hdrCode != 200 && hdrCode != 212) {
            throw new IllegalStateException(device + ": SyncHdr status " + hdrCode);
        }
        Status alertStatus = (Status) r1.commands().get(1);
        int serverAlert = r1.commands().stream().filter(c -> c instanceof Alert).map(c -> Integer.parseInt(((Alert) c).data()))
                .findFirst().orElse(-1);
        boolean slow = serverAlert == 201;
        List<Command> changes = new ArrayList<>();
        int id = 3;
        List<String> luidsAdded = new ArrayList<>();
        for (String text : adds) {
            String luid = newLuid();
            items.put(luid, text);
            luidsAdded.add(luid);
        }
        for (String luid : deletes) {
            items.remove(luid);
            changes.add(ItemCommand.delete(Integer.toString(id++), null, Item.naming(Location.of(luid), null)));
        }
        // a slow sync sends everything the device holds; a two-way sync only its new items
        for (Map.Entry<String, String> e : items.entrySet()) {
            if (slow || luidsAdded.contains(e.getKey())) {
                changes.add(ItemCommand.add(Integer.toString(id++), MetInf.ofType("text/plain"),
                        Item.withData(null, Location.of(e.getKey()), e.getValue())));
            }
        }
        if (slow) {
            changes.removeIf(c -> c.kind() == Command.Kind.DELETE);
        }
        SyncMessage r = send(List.of(new Sync("2", false, Location.of("meshchat"), Location.of("./memo"), null, null, changes)), true);
        int messages = 2;
        for (Status s : TestSyncClient.statuses(r)) {
            if (s.cmd().equals("Add") && s.code() != 201 && s.code() != 200 && s.code() != 418) {
                problems.add(device + ": Add " + s.cmdRef() + " answered " + s.code());
            }
        }
        while (true) {
            List<Command> ack = new ArrayList<>();
            List<MapCommand.MapItem> maps = new ArrayList<>();
            int ackId = 1;
            for (Command c : r.commands()) {
                if (c instanceof Sync s) {
                    for (Command inner : s.commands()) {
                        ItemCommand ic = (ItemCommand) inner;
                        Item i = ic.items().get(0);
                        StatusCode code = StatusCode.OK;
                        switch (ic.kind()) {
                            case ADD -> {
                                String luid = newLuid();
                                items.put(luid, i.data());
                                maps.add(new MapCommand.MapItem(i.sourceUri(), luid));
                                code = StatusCode.ITEM_ADDED;
                            }
                            case REPLACE -> items.put(i.targetUri() != null ? i.targetUri() : i.sourceUri(), i.data());
                            case DELETE -> code = items.remove(i.targetUri()) != null ? StatusCode.OK : StatusCode.ITEM_NOT_DELETED;
                            default -> code = StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED;
                        }
                        ack.add(Status.answering(Integer.toString(ackId++), r.header().msgId(), ic, code));
                    }
                }
            }
            if (!maps.isEmpty()) {
                ack.add(new MapCommand(Integer.toString(ackId), Location.of("meshchat"), Location.of("./memo"), null, maps));
            }
            boolean serverDone = r.fin();
            r = send(ack, serverDone);
            messages++;
            if (serverDone) {
                if (!r.fin()) {
                    problems.add(device + ": no Final after our Map package");
                }
                break;
            }
        }
        anchor = next;
        return new SessionResult(serverAlert, alertStatus.code(), System.nanoTime() - start, messages, largestReply);
    }

    private int largestReply;

    private SyncMessage send(List<Command> commands, boolean fin) throws Exception {
        msgId++;
        Cred cred = msgId == 1 ? new Cred(MetInf.EMPTY.withFormat("b64").withType("syncml:auth-md5"), md5Cred()) : null;
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, Integer.toString(sessionId), Integer.toString(msgId),
                Location.of(respUri != null ? respUri : url), new Location(device, user), null, false, cred,
                MetInf.EMPTY.withMaxMsgSize(maxMsgSize).withMaxObjSize(4_000_000L));
        byte[] body = SyncMLCodec.encode(new SyncMessage(h, commands, fin), encoding);
        HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(URI.create(respUri != null ? respUri : url))
                .header("Content-Type", encoding.contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException(device + ": HTTP " + resp.statusCode() + ": " + new String(resp.body(), StandardCharsets.UTF_8));
        }
        if (resp.body().length > maxMsgSize) {
            problems.add(device + ": reply to message " + msgId + " is " + resp.body().length + " bytes > MaxMsgSize " + maxMsgSize);
        }
        largestReply = Math.max(largestReply, resp.body().length);
        SyncMessage reply = SyncMLCodec.decode(resp.body(), encoding);
        if (reply.header().respUri() != null) {
            respUri = reply.header().respUri();
        }
        Status hdr = (Status) reply.commands().get(0);
        if (hdr.chal() != null && hdr.chal().nextNonce() != null) {
            nonce = hdr.chal().nextNonce();
        }
        return reply;
    }

    private String md5Cred() throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        String userPass = Base64.getEncoder().encodeToString(md5.digest((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        md5.reset();
        md5.update((userPass + ":").getBytes(StandardCharsets.US_ASCII));
        md5.update(Base64.getDecoder().decode(nonce));
        return Base64.getEncoder().encodeToString(md5.digest());
    }
}
