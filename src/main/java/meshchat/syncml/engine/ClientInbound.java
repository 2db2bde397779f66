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
    private ClientInbound() {
    }

    /** A Status for the peer's package-1 Alert is ours to read: 508 turns the session into a slow sync. */
    static boolean isRefreshRequired(Status st) {
        return "Alert".equals(st.cmd()) && "1".equals(st.msgRef()) && "1".equals(st.cmdRef())
                && st.is(StatusCode.REFRESH_REQUIRED);
    }

    /** A sync-mode Alert of the peer that asks for a slow sync. */
    static boolean isSlowAlert(Alert a) {
        return a.alertCode().filter(AlertCode.SLOW_SYNC::equals).isPresent();
    }

    /** Acts on one Status for a command we sent; returns why the session must end, or null. */
    static String onStatus(ClientSession.Draft d, Status st, List<LocalChange> changes) {
        String code = st.data(); // for messages: the peer may send codes we do not list
        boolean failed = st.statusCode().map(c -> !c.isSuccess()).orElse(true);
        switch (st.cmd() == null ? "" : st.cmd()) {
            case "SyncHdr" -> {
                return null; // read before any command
            }
            case "Alert" -> {
                if (!"1".equals(st.msgRef()) || !"1".equals(st.cmdRef())) {
                    return null; // the status for one of our Alert 222s
                }
                if (st.is(StatusCode.REFRESH_REQUIRED)) {
                    d.devInfOwed = d.base != null; // package 1 carried our DevInf only when we had no anchors
                    d.mode = AlertCode.SLOW_SYNC;
                    d.base = null; // the peer lost (or never had) our anchors
                    return null;
                }
                return st.is(StatusCode.OK) ? null
                        : "the peer refused datastore " + MessageItem.DATASTORE + " (status " + code + ")";
            }
            case "Sync" -> {
                return st.is(StatusCode.OK) ? null : "the peer refused our Sync (status " + code + ")";
            }
            case "Add", "Replace", "Delete" -> {
                MessageId guid = d.awaiting.remove(st.msgRef() + "/" + st.cmdRef());
                if (guid != null && (st.is(StatusCode.OK) || st.is(StatusCode.ITEM_ADDED)
                        || st.is(StatusCode.ALREADY_EXISTS))) {
                    changes.add(new LocalChange.MarkHeld(guid));
                } else if (failed && !st.is(StatusCode.ALREADY_EXISTS)) {
                    LOG.warn("peer {} answered {} {} of message {} with status {}", d.link.url(), st.cmd(),
                            st.sourceRefs().isEmpty() ? st.cmdRef() : st.sourceRefs().get(0), st.msgRef(), code);
                }
                return null;
            }
            default -> {
                if (failed) {
                    LOG.warn("peer {} answered our {} with status {}", d.link.url(), st.cmd(), code);
                }
                return null;
            }
        }
    }

    /** Takes one Alert of the peer; returns why the session must end, or null. */
    static String onAlert(ClientSession.Draft d, Alert a, String msgRef, boolean answer) {
        AlertCode code = a.alertCode().orElse(null); // none of ours: answered 406 below
        Item item = a.items().isEmpty() ? null : a.items().get(0);
        String target = item == null ? null : item.targetUri();
        String source = item == null ? null : item.sourceUri();
        if (code == AlertCode.NEXT_MESSAGE || code == AlertCode.NO_END_OF_DATA) {
            if (code == AlertCode.NO_END_OF_DATA) {
                LOG.warn("peer {} dropped a large object we were sending (Alert 223)", d.link.url());
            }
            owe(d, answer && !a.noResp(), status(msgRef, a, target, source, StatusCode.OK));
            return null;
        }
        if (code != AlertCode.TWO_WAY && code != AlertCode.SLOW_SYNC) {
            owe(d, answer && !a.noResp(), status(msgRef, a, target, source, StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED));
            return code != null && code.isSyncMode() ? "the peer alerted sync mode " + code + ", not two-way or slow" : null;
        }
        if (d.phase != ClientPhase.INIT) {
            owe(d, answer && !a.noResp(), status(msgRef, a, target, source, StatusCode.COMMAND_NOT_ALLOWED));
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
        owe(d, answer && !a.noResp(), status(msgRef, a, target, source, StatusCode.OK)
                .withItems(List.of(Item.withAnchor(new Anchor(null, d.peerNext)))));
        return null;
    }

    /** Takes the peer's Sync (package 4): every item answered, stores described as changes. */
    static void onSync(ClientSession.Draft d, Sync sync, String msgRef, boolean answer, LocalSnapshot snap,
                       long maxObjSize, List<LocalChange> changes) {
        owe(d, answer && !sync.noResp(), status(msgRef, sync, sync.target() == null ? null : sync.target().uri(),
                sync.source() == null ? null : sync.source().uri(), StatusCode.OK));
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
                default -> owe(d, ans, Status.answering(null, msgRef, c, StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED));
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
                owe(d, ans, itemStatus(msgRef, c, luid, size == null ? StatusCode.SIZE_REQUIRED
                        : StatusCode.REQUEST_ENTITY_TOO_LARGE));
                return;
            }
            d.partial = new ClientSession.IncomingObject(c.kind(), luid, size, data);
            owe(d, ans, itemStatus(msgRef, c, luid, StatusCode.CHUNKED_ITEM_ACCEPTED));
            return;
        }
        if (p != null) {
            String all = p.data() + data;
            if (item.moreData()) {
                boolean tooBig = bytes(all) > maxObjSize;
                d.partial = tooBig ? null : new ClientSession.IncomingObject(p.kind(), p.luid(), p.declaredSize(), all);
                owe(d, ans, itemStatus(msgRef, c, luid, tooBig ? StatusCode.REQUEST_ENTITY_TOO_LARGE
                        : StatusCode.CHUNKED_ITEM_ACCEPTED));
                return;
            }
            d.partial = null;
            if (bytes(all) != p.declaredSize() && all.length() != p.declaredSize()) {
                owe(d, ans, itemStatus(msgRef, c, luid, StatusCode.SIZE_MISMATCH));
                return;
            }
            data = all;
        }
        Message m;
        try {
            m = MessageItem.decode(data);
        } catch (IllegalArgumentException e) {
            LOG.warn("peer {} sent a malformed {} {}: {}", d.link.url(), c.kind().element, luid, e.getMessage());
            owe(d, ans, itemStatus(msgRef, c, luid, StatusCode.BAD_REQUEST));
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
        owe(d, ans, itemStatus(msgRef, c, luid, add ? StatusCode.ITEM_ADDED : StatusCode.OK));
    }

    /**
     * A Delete names the GUID (our LUID on meshchat-full): purged even when unknown here, so the
     * tombstone stops a late Add that comes by another path. The text hash its Data may carry is
     * kept with the tombstone (a malformed one is dropped, the purge stands): the peer is a node
     * we chose to link to, whose Deletes purge.
     */
    private static void onDelete(ClientSession.Draft d, Command c, Item item, String msgRef, boolean ans,
                                 List<LocalChange> changes) {
        d.partial = null;
        String uri = item.targetUri() != null ? item.targetUri() : item.sourceUri();
        MessageId guid = MessageId.parseOrNull(uri);
        if (guid == null) {
            owe(d, ans, itemStatus(msgRef, c, uri, StatusCode.NOT_FOUND));
            return;
        }
        d.itemsReceived++;
        changes.add(new LocalChange.Purge(guid, MessageItem.deleteTextHash(item.data())));
        owe(d, ans, itemStatus(msgRef, c, uri, StatusCode.OK));
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static void owe(ClientSession.Draft d, boolean send, Status st) {
        if (send) {
            d.outbox.add(st);
        }
    }

    /** Our status for a command of the peer, with its Target and Source as refs (null: none); CmdID given later. */
    static Status status(String msgRef, Command c, String targetRef, String sourceRef, StatusCode code) {
        return Status.answering(null, msgRef, c, code).withTargetRef(targetRef).withSourceRef(sourceRef);
    }

    private static Status itemStatus(String msgRef, Command c, String luid, StatusCode code) {
        return status(msgRef, c, null, luid, code);
    }
}
