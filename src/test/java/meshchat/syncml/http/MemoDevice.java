package meshchat.syncml.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMessage;

/**
 * A memo client with a local notebook for tests outside this package (the zone convergence
 * test): whole two-way or slow sessions on datastore {@code meshchat} over real HTTP through
 * {@link TestSyncClient}, from its own loopback address. It keeps its memos by LUID, sends the
 * ones written or deleted since its last session, applies what the server sends and Maps it,
 * and follows the server into a slow sync when the server asks for one (508, anchors lost).
 */
public final class MemoDevice implements AutoCloseable {
    private final TestSyncClient client;
    /** The notebook: LUID to text. */
    private final Map<String, String> memos = new LinkedHashMap<>();
    private final Set<String> written = new LinkedHashSet<>();
    private final Set<String> deleted = new LinkedHashSet<>();
    private int anchor;
    private int luids;

    /**
     * What the last session did: its mode (200 two-way, 201 slow; {@value #HELD}: the server held
     * the sync, try again later) and the commands each way.
     */
    public record Outcome(int mode, int sent, int received) {
        /** The server answered our Alert 503: nothing happened, the device keeps its state and tries again later. */
        public boolean held() {
            return mode == HELD;
        }
    }

    /** The Outcome mode of a sync the server held (503 on our Alert, e.g. a node that has not caught up with its zone). */
    public static final int HELD = 503;

    /**
     * @param url          the server's SyncML URL (…/sync)
     * @param localAddress the loopback address to post from, e.g. 127.0.0.20
     */
    public MemoDevice(String url, String device, String user, String password, String localAddress) throws Exception {
        client = new TestSyncClient(url, device, user, password).from(localAddress);
    }

    /** Writes a new memo in the notebook; it reaches the server at the next session. */
    public void write(String text) {
        String luid = "m" + (++luids);
        memos.put(luid, text);
        written.add(luid);
    }

    /** Deletes the n-th memo (modulo the notebook's size); false when the notebook is empty. */
    public boolean deleteSome(int n) {
        if (memos.isEmpty()) {
            return false;
        }
        String luid = new ArrayList<>(memos.keySet()).get(Math.floorMod(n, memos.size()));
        memos.remove(luid);
        if (!written.remove(luid)) {
            deleted.add(luid);
        }
        return true;
    }

    public Map<String, String> memos() {
        return Map.copyOf(memos);
    }

    /**
     * Takes over a notebook (LUID to text) and the anchor of sessions it had with an earlier server
     * (whose database a test wrote as that server would have): the next session is two-way from there.
     */
    public void adopt(int lastAnchor, Map<String, String> notebook) {
        memos.clear();
        memos.putAll(notebook);
        written.clear();
        deleted.clear();
        anchor = lastAnchor;
    }

    /** Forgets its anchors, as a device reset: the next session is a slow sync. */
    public void forgetAnchors() {
        anchor = 0;
    }

    /** One whole session: two-way when it has anchors, else (or when the server says so) slow. */
    public Outcome sync() throws Exception {
        client.newSession();
        int last = anchor;
        int next = last + 1_000;
        Alert alert = new Alert("1", false, null, last == 0 ? "201" : "200", List.of(new Item(Location.of("meshchat"),
                Location.of("./memo"), MetInf.EMPTY.withAnchor(new Anchor(last == 0 ? null : "A" + last, "A" + next)),
                null, null, null, false)));
        SyncMessage r = client.send(List.of(alert), true);
        int mode = serverMode(r);
        if (mode == HELD) {
            return new Outcome(HELD, 0, 0); // the server ended the session; anchors and notebook stay as they were
        }
        List<Command> changes = new ArrayList<>();
        int id = 10;
        if (mode == 201) {
            for (Map.Entry<String, String> e : memos.entrySet()) {
                changes.add(item(Command.Kind.REPLACE, id++, e.getKey(), e.getValue()));
            }
        } else {
            for (String luid : written) {
                changes.add(item(Command.Kind.ADD, id++, luid, memos.get(luid)));
            }
            for (String luid : deleted) {
                changes.add(new ItemCommand(Command.Kind.DELETE, Integer.toString(id++), false, false, false, null,
                        List.of(new Item(null, Location.of(luid), null, null, null, null, false))));
            }
        }
        r = client.send(List.of(new Sync("2", false, Location.of("meshchat"), Location.of("./memo"), null, null,
                changes)), true);
        int received = 0;
        while (true) {
            List<MapCommand.MapItem> maps = new ArrayList<>();
            for (Command cmd : r.commands()) {
                if (cmd instanceof Sync s) {
                    for (Command inner : s.commands()) {
                        received++;
                        apply((ItemCommand) inner, maps);
                    }
                }
            }
            List<Command> ack = maps.isEmpty() ? List.of()
                    : List.of(new MapCommand("1", Location.of("meshchat"), Location.of("./memo"), null, maps));
            boolean serverDone = r.fin();
            r = client.send(ack, serverDone);
            if (serverDone) {
                String hdr = ((Status) r.commands().get(0)).data();
                if (!hdr.equals("200") && !hdr.equals("212")) {
                    throw new IllegalStateException("session ended with SyncHdr status " + hdr);
                }
                anchor = next;
                written.clear();
                deleted.clear();
                return new Outcome(mode, changes.size(), received);
            }
        }
    }

    private void apply(ItemCommand c, List<MapCommand.MapItem> maps) {
        Item item = c.items().get(0);
        switch (c.kind()) {
            case ADD -> {
                String luid = "s" + item.sourceUri();
                memos.put(luid, item.data());
                maps.add(new MapCommand.MapItem(item.sourceUri(), luid));
            }
            case REPLACE -> memos.put(item.targetUri() != null ? item.targetUri() : "s" + item.sourceUri(), item.data());
            case DELETE -> memos.remove(item.targetUri());
            default -> throw new IllegalStateException("unexpected " + c.kind() + " from the server");
        }
    }

    /** The mode of the server's Alert in its reply to ours; 508 on our Alert means slow too; 503 on it: {@link #HELD}. */
    private static int serverMode(SyncMessage r) {
        String hdr = ((Status) r.commands().get(0)).data();
        if (!hdr.equals("200") && !hdr.equals("212")) {
            throw new IllegalStateException("login refused with SyncHdr status " + hdr);
        }
        for (Command c : r.commands()) {
            if (c instanceof Status st && "Alert".equals(st.cmd()) && "503".equals(st.data())) {
                return HELD;
            }
        }
        for (Command c : r.commands()) {
            if (c instanceof Alert a) {
                return Integer.parseInt(a.data());
            }
        }
        throw new IllegalStateException("the server sent no Alert: " + r.commands());
    }

    private static ItemCommand item(Command.Kind kind, int id, String luid, String text) {
        return new ItemCommand(kind, Integer.toString(id), false, false, false, MetInf.ofType("text/plain"),
                List.of(new Item(null, Location.of(luid), null, text, null, null, false)));
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
