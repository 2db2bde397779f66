package meshchat.syncml.engine;

import java.time.Instant;
import java.util.Optional;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.store.Account;

/**
 * Applies a client's Add, Replace and Delete on the lossless datastore {@code meshchat-full}
 * (items of type text/x-meshchat-message, see {@link MessageItem}). A peer node syncs here, and so
 * may any SyncML client that wants every field. What the items mean:
 * <ul>
 *   <li>Add stores the message as it is: its GUID and every field (we stamp nothing). The same
 *       GUID already stored is the same message come by another path: mapped, 201, no new change.
 *       A purged GUID (tombstone) is neither stored nor mapped: 201, and in any mode where we send,
 *       package 4 tells the client to delete it (a node offline during the purge drops its copy).
 *       An account that may not relay (neither admin nor peer) may only add its own call sign's
 *       messages; another's gets 425 "permission denied" (RepPro "Response Status Codes": the
 *       sender lacks the permissions for the command; 403 would say only "forbidden"), and the
 *       Id of its message must be the GUID of its fields ({@link MessageId#of}), else 400.</li>
 *   <li>Replace: a message is immutable (MeshChat has no edit), so a Replace is an Add of the
 *       message it carries; 200 when nothing was new to us, 201 when it stored one.</li>
 *   <li>Delete names the GUID as LUID; found by the map, else by the GUID itself (the client may
 *       hold the message from another path). From an account that may purge (admin, peer) it
 *       purges zone-wide, tombstoning an unknown GUID too (a Delete can overtake its Add between
 *       peers) and keeping the text hash the Delete may carry ({@link MessageItem#deleteTextHash});
 *       from any other account it hides the message for that account (a hash is ignored).</li>
 * </ul>
 * A malformed item gets its own status 400 and a log line; the rest of the message is applied.
 * The rules read through {@link PendingChanges} and write nothing: the caller applies what they decided.
 */
final class FullItemChanges {
    /** How far ahead of ours a plain account's clock may be (a day: time zones and drift, not more). */
    static final long MAX_AUTHOR_CLOCK_AHEAD_SECONDS = 86_400;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FullItemChanges.class);

    ItemResult add(Session s, DatastoreSession ds, Item item, PendingChanges changes) {
        String luid = item.sourceUri();
        if (luid == null || luid.isEmpty()) {
            return ItemResult.of(StatusCode.INCOMPLETE_COMMAND);
        }
        Message m;
        try {
            m = MessageItem.decode(item.data());
        } catch (IllegalArgumentException e) {
            LOG.info("{} {}/{}: item {} refused (400): {}", ds.serverUri, s.account.name(), s.device, luid, e.getMessage());
            return ItemResult.of(StatusCode.BAD_REQUEST);
        }
        Account a = s.account;
        if (!a.mayRelay() && !m.callSign().equalsIgnoreCase(a.callSign())) {
            LOG.info("{} {}/{}: item {} refused (425): call sign {} is not the account's ({}), and it may not relay",
                    ds.serverUri, a.name(), s.device, luid, m.callSign(), a.callSign());
            return ItemResult.of(StatusCode.PERMISSION_DENIED);
        }
        if (!a.mayRelay() && m.epoch() > s.lastActivity.getEpochSecond() + MAX_AUTHOR_CLOCK_AHEAD_SECONDS) {
            // an author's own message from the future would stay on top of every node's list
            LOG.info("{} {}/{}: item {} refused (400): epoch {} is in the future", ds.serverUri, a.name(), s.device,
                    luid, m.epoch());
            return ItemResult.of(StatusCode.BAD_REQUEST);
        }
        if (!a.mayRelay() && !m.id().equals(MessageId.of(m.v2Id(), m.epoch(), m.callSign(), m.node(), m.text()))) {
            // an author's own new message: its Id must be the one its fields give, so no account can
            // take a GUID that another message (arriving later from a peer) will have
            LOG.info("{} {}/{}: item {} refused (400): Id {} is not the GUID of its fields", ds.serverUri, a.name(),
                    s.device, luid, m.id().value());
            return ItemResult.of(StatusCode.BAD_REQUEST);
        }
        if (changes.tombstone(m.id()).isPresent()) {
            changes.removeMap(ds.key, luid);
            if (!ds.purgedLuids.contains(luid)) { // the step remembers it (ItemResult.purged)
                LOG.info("{} {} {}/{}: item {} is purged message {}: not stored{}", ds.serverUri, ds.mode, a.name(),
                        s.device, luid, m.id().value(), ds.serverSends() ? "; the client is told to delete it" : "");
            }
            return ItemResult.purged(StatusCode.ITEM_ADDED, luid); // the client goes on; our Delete follows in package 4
        }
        if (m.epoch() < ds.zombiesBefore && changes.message(m.id()).isEmpty()) {
            // Maybe a message purged longer ago than the retention (its tombstone is gone), maybe a
            // real one this node never got: not stored, but no Delete either. A Delete from a node is
            // a zone-wide purge for its peers, and must never be made from a guess.
            changes.removeMap(ds.key, luid);
            LOG.info("{} {} {}/{}: item {} ({}) is older than the tombstone retention and unknown here: not stored",
                    ds.serverUri, ds.mode, a.name(), s.device, luid, m.id().value());
            return ItemResult.of(StatusCode.ITEM_ADDED);
        }
        changes.post(m, "syncml:" + a.name() + "/" + s.device); // stored already: no new change
        Optional<MessageId> mapped = changes.guidForLuid(ds.key, luid);
        if (mapped.isEmpty() || !mapped.get().equals(m.id())) {
            changes.putMap(ds.key, luid, m.id());
        }
        return ItemResult.of(StatusCode.ITEM_ADDED);
    }

    ItemResult replace(Session s, DatastoreSession ds, Item item, PendingChanges changes) {
        boolean known = item.sourceUri() != null && changes.guidForLuid(ds.key, item.sourceUri()).isPresent();
        ItemResult added = add(s, ds, item, changes);
        if (added.code() == StatusCode.ITEM_ADDED
                && (known || added.purgedLuid() != null || ds.purgedLuids.contains(item.sourceUri()))) {
            return added.withCode(StatusCode.OK);
        }
        return added;
    }

    ItemResult delete(Session s, DatastoreSession ds, Item item, PendingChanges changes, Instant now) {
        String luid = item.sourceUri() != null ? item.sourceUri() : item.targetUri();
        if (luid == null || luid.isEmpty()) {
            return ItemResult.of(StatusCode.INCOMPLETE_COMMAND);
        }
        Optional<MessageId> mapped = changes.guidForLuid(ds.key, luid);
        MessageId guid = mapped.orElseGet(() -> MessageId.parseOrNull(luid));
        if (guid == null) {
            return ItemResult.of(StatusCode.ITEM_NOT_DELETED); // neither mapped nor a GUID: nothing it can name
        }
        Account a = s.account;
        if (a.mayPurge()) {
            // a no-op when purged already (idempotent, no new change); the Delete's text hash is kept
            changes.purge(guid, a.name(), now, MessageItem.deleteTextHash(item.data()));
        } else if (changes.message(guid).isEmpty() && !changes.isHidden(a.name(), guid) && mapped.isEmpty()) {
            return ItemResult.of(StatusCode.ITEM_NOT_DELETED); // not stored: nothing to hide
        } else {
            changes.hide(a.name(), guid); // a no-op when hidden already
        }
        mapped.ifPresent(g -> changes.removeMap(ds.key, luid));
        return ItemResult.deleted(StatusCode.OK, guid);
    }
}
