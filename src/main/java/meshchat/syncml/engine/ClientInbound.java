package meshchat.syncml.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.Sync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client role does with each command of the peer's message: acts on the statuses for
 * what we sent, takes the peer's Alert (package 2) and its Sync (package 4), and owes a status for
 * every command. Store work is only described (as {@link LocalChange}s), never done here.
 */
final class ClientInbound {
    private static final Logger LOG = LoggerFactory.getLogger(ClientInbound.class);
    /** Status 411 "Size required" (RepPro 1.2): the first chunk of a large object came without its Size. */
    private static final String SIZE_REQUIRED = "411";

    private ClientInbound() {
    }

    /** A Status for the peer's package-1 Alert is ours to read: 508 turns the session into a slow sync. */
    static boolean isRefreshRequired(Status st) {
        return "Alert".equals(st.cmd()) && "1".equals(st.msgRef()) && "1".equals(st.cmdRef())
                && st.code() == StatusCode.REFRESH_REQUIRED.code;
    }

    /** A sync-mode Alert of the peer that asks for a slow sync. */
    static boolean isSlowAlert(Alert a) {
        return AlertCode.of(a.data()) == AlertCode.SLOW_SYNC;
    }

    /** Acts on one Status for a command we sent; returns why the session must end, or null. */
    static String onStatus(ClientSession.Draft d, Status st, List<LocalChange> changes) {
        int code = st.code();
        switch (st.cmd() == null ? "" : st.cmd()) {
            case "SyncHdr" -> {
                return null; // read before any command
            }
            case "Alert" -> {
                if (!"1".equals(st.msgRef()) || !"1".equals(st.cmdRef())) {
                    return null; // the status for one of our Alert 222s
                }
                if (code == StatusCode.REFRESH_REQUIRED.code) {
                    d.devInfOwed = d.base != null; // package 1 carried our DevInf only when we had no anchors
                    d.mode = AlertCode.SLOW_SYNC;
                    d.base = null; // the peer lost (or never had) our anchors
                    return null;
                }
                return code == StatusCode.OK.code ? null
                        : "the peer refused datastore " + MessageItem.DATASTORE + " (status " + code + ")";
            }
            case "Sync" -> {
                return code == StatusCode.OK.code ? null : "the peer refused our Sync (status " + code + ")";
            }
            case "Add", "Replace", "Delete" -> {
                MessageId guid = d.awaiting.remove(st.msgRef() + "/" + st.cmdRef());
                if (guid != null && (code == StatusCode.OK.code || code == StatusCode.ITEM_ADDED.code
                        || code == StatusCode.ALREADY_EXISTS.code)) {
                    changes.add(new LocalChange.MarkHeld(guid));
                } else if (code >= 300) {
                    LOG.warn("peer {} answered {} {} of message {} with status {}", d.link.url(), st.cmd(),
                            st.sourceRefs().isEmpty() ? st.cmdRef() : st.sourceRefs().get(0), st.msgRef(), code);
                }
                return null;
            }
            default -> {
                if (code >= 300) {
                    LOG.warn("peer {} answered our {} with status {}", d.link.url(), st.cmd(), code);
                }
                return null;
            }
        }
    }

    /** Takes one Alert of the peer; returns why the session must end, or null. */
    static String onAlert(ClientSession.Draft d, Alert a, String msgRef, boolean answer) {
        AlertCode code = AlertCode.of(a.data());
        Item item = a.items().isEmpty() ? null : a.items().get(0);
        List<String> targets = item == null || item.targetUri() == null ? List.of() : List.of(item.targetUri());
        List<String> sources = item == null || item.sourceUri() == null ? List.of() : List.of(item.sourceUri());
        if (code == AlertCode.NEXT_MESSAGE || code == AlertCode.NO_END_OF_DATA) {
            if (code == AlertCode.NO_END_OF_DATA) {
                LOG.warn("peer {} dropped a large object we were sending (Alert 223)", d.link.url());
            }
            owe(d, answer && !a.noResp(), status(msgRef, a, targets, sources, StatusCode.OK, List.of()));
            return null;
        }
        if (code != AlertCode.TWO_WAY && code != AlertCode.SLOW_SYNC) {
            owe(d, answer && !a.noResp(), status(msgRef, a, targets, sources, StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED,
                    List.of()));
            return code != null && code.isSyncMode() ? "the peer alerted sync mode " + code + ", not two-way or slow" : null;
        }
        if (d.phase != ClientPhase.INIT) {
            owe(d, answer && !a.noResp(), status(msgRef, a, targets, sources, StatusCode.COMMAND_NOT_ALLOWED, List.of()));
            return null;
        }
        Anchor anchor = item == null || item.meta() == null ? null : item.meta().anchor();
        d.peerNext = anchor == null || anchor.next() == null ? "" : anchor.next();
        if (item != null && item.meta() != null && item.meta().maxObjSize() != null && item.meta().maxObjSize() > 0) {
            d.peerMaxObjSize = item.meta().maxObjSize();
        }
        if (code == AlertCode.SLOW_SYNC) {
            d.mode = AlertCode.SLOW_SYNC;
            d.base = null;
        }
        // the anchor echo goes in the status's Item Data (DS Protocol, "Sync Initialization")
        owe(d, answer && !a.noResp(), status(msgRef, a, targets, sources, StatusCode.OK,
                List.of(new Item(null, null, null, null, new Anchor(null, d.peerNext), null, false))));
        return null;
    }

    /** Takes the peer's Sync (package 4): every item answered, stores described as changes. */
    static void onSync(ClientSession.Draft d, Sync sync, String msgRef, boolean answer, LocalSnapshot snap,
                       long maxObjSize, List<LocalChange> changes) {
        owe(d, answer && !sync.noResp(), status(msgRef, sync,
                sync.target() == null ? List.of() : List.of(sync.target().uri()),
                sync.source() == null ? List.of() : List.of(sync.source().uri()), StatusCode.OK, List.of()));
        for (Command c : sync.commands()) {
            boolean ans = answer && !c.noResp();
            switch (c.kind()) {
                case ADD, REPLACE -> {
                    for (Item i : c.items()) {
                        onItem(d, (ItemCommand) c, i, msgRef, ans, snap, maxObjSize, changes);
                    }
                }
                case DELETE -> {
                    for (Item i : c.items()) {
                        onDelete(d, c, i, msgRef, ans, changes);
                    }
                }
                default -> owe(d, ans, status(msgRef, c, List.of(), List.of(), StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED,
                        List.of()));
            }
        }
    }

    private static void onItem(ClientSession.Draft d, ItemCommand c, Item item, String msgRef, boolean ans,
                               LocalSnapshot snap, long maxObjSize, List<LocalChange> changes) {
        String luid = item.sourceUri();
        String data = item.data() == null ? "" : item.data();
        ClientSession.IncomingObject p = d.partial;
        if (p != null && !(p.kind() == c.kind() && p.luid().equals(luid))) {
            LOG.warn("peer {} left large object {} unfinished: dropped", d.link.url(), p.luid());
            d.partial = null;
            p = null;
        }
        if (p == null && item.moreData()) {
            Long size = item.meta() != null && item.meta().size() != null ? item.meta().size()
                    : c.meta() != null ? c.meta().size() : null;
            if (size == null || size > maxObjSize) {
                owe(d, ans, itemStatus(msgRef, c, luid, size == null ? SIZE_REQUIRED
                        : StatusCode.REQUEST_ENTITY_TOO_LARGE.data()));
                return;
            }
            d.partial = new ClientSession.IncomingObject(c.kind(), luid, size, data);
            owe(d, ans, itemStatus(msgRef, c, luid, StatusCode.CHUNKED_ITEM_ACCEPTED.data()));
            return;
        }
        if (p != null) {
            String all = p.data() + data;
            if (item.moreData()) {
                boolean tooBig = bytes(all) > maxObjSize;
                d.partial = tooBig ? null : new ClientSession.IncomingObject(p.kind(), p.luid(), p.declaredSize(), all);
                owe(d, ans, itemStatus(msgRef, c, luid, tooBig ? StatusCode.REQUEST_ENTITY_TOO_LARGE.data()
                        : StatusCode.CHUNKED_ITEM_ACCEPTED.data()));
                return;
            }
            d.partial = null;
            if (bytes(all) != p.declaredSize() && all.length() != p.declaredSize()) {
                owe(d, ans, itemStatus(msgRef, c, luid, StatusCode.SIZE_MISMATCH.data()));
                return;
            }
            data = all;
        }
        Message m;
        try {
            m = MessageItem.decode(data);
        } catch (IllegalArgumentException e) {
            LOG.warn("peer {} sent a malformed {} {}: {}", d.link.url(), c.kind().element, luid, e.getMessage());
            owe(d, ans, itemStatus(msgRef, c, luid, StatusCode.BAD_REQUEST.data()));
            return;
        }
        d.itemsReceived++;
        if (snap.tombstoned().contains(m.id())) {
            // purged here: never stored again; the peer still holds it and is owed our Delete
            d.owedDeletes.add(m.id());
        } else {
            changes.add(new LocalChange.StoreMessage(m));
            changes.add(new LocalChange.MarkHeld(m.id())); // never sent back to the peer it came from
        }
        boolean add = c.kind() == Command.Kind.ADD;
        if (add && luid != null) {
            d.maps.add(new MapCommand.MapItem(luid, m.id().value())); // our LUID is the GUID
        }
        // a slow-sync Add of a message we already hold still gets 201
        owe(d, ans, itemStatus(msgRef, c, luid, add ? StatusCode.ITEM_ADDED.data() : StatusCode.OK.data()));
    }

    /**
     * A Delete names the GUID (our LUID on meshchat-full): purged even when unknown here, so the
     * tombstone stops a late Add that comes by another path.
     */
    private static void onDelete(ClientSession.Draft d, Command c, Item item, String msgRef, boolean ans,
                                 List<LocalChange> changes) {
        d.partial = null;
        String uri = item.targetUri() != null ? item.targetUri() : item.sourceUri();
        MessageId guid = MessageId.parseOrNull(uri);
        if (guid == null) {
            owe(d, ans, itemStatus(msgRef, c, uri, StatusCode.NOT_FOUND.data()));
            return;
        }
        d.itemsReceived++;
        changes.add(new LocalChange.Purge(guid));
        owe(d, ans, itemStatus(msgRef, c, uri, StatusCode.OK.data()));
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static void owe(ClientSession.Draft d, boolean send, Status st) {
        if (send) {
            d.outbox.add(st);
        }
    }

    static Status status(String msgRef, Command c, List<String> targets, List<String> sources, StatusCode code,
                         List<Item> items) {
        return new Status(null, msgRef, c.cmdId(), c.kind().element, targets, sources, null, code.data(), items);
    }

    private static Status itemStatus(String msgRef, Command c, String luid, String code) {
        return new Status(null, msgRef, c.cmdId(), c.kind().element, List.of(), luid == null ? List.of() : List.of(luid),
                null, code, List.of());
    }
}
