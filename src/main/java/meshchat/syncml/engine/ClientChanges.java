package meshchat.syncml.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;
import meshchat.syncml.chat.MemoText;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Tombstone;

/**
 * Applies the client's Add, Replace and Delete items to the store. What they mean for a chat:
 * <ul>
 *   <li>Add posts a message, stamped with the account's call sign, this node and the
 *       datastore's channel. In a slow sync (or refresh from client) an item whose text equals a
 *       message the client does not have mapped yet is mapped to it instead (no duplicate). An
 *       item whose text is a purged message's (its tombstone keeps the text hash) is that purged
 *       message coming back from a device that missed the purge: it is neither stored nor mapped,
 *       answered 201 (200 for a Replace) so the client carries on, and in a slow sync package 4
 *       tells the client to delete it (in a refresh from client we may send nothing back: the
 *       client keeps its copy until its next slow sync, but it is never stored again). A purge
 *       is zone-wide, so this holds in channel views too. A normal two-way Add with that text is
 *       a user typing it again on purpose and is posted as usual.</li>
 *   <li>Replace: MeshChat has no edit. Unchanged text is a no-op; changed text is posted as a new
 *       message (a correction) that the client's item now stands for; the original stays in the
 *       chat for everyone else.</li>
 *   <li>Delete from an admin's device purges the message zone-wide (a tombstone, never
 *       re-imported); from any other account it hides the message from that account's devices.</li>
 * </ul>
 * The rules read through {@link PendingChanges} and write nothing: the caller applies what they
 * decided, in the transaction of the client's message. A memo item's text comes from its note
 * object ({@link MemoFormats}: text/plain, vNote, iCalendar or vCalendar VJOURNAL, SIF-N). These are the memo rules ({@code meshchat}); the lossless datastore's are in {@link FullItemChanges}.
 */
final class ClientChanges {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientChanges.class);
    private final ServerConfig config;
    private final RandomGenerator random;
    /** Items of the lossless datastore (meshchat-full) follow their own rules. */
    private final FullItemChanges full = new FullItemChanges();

    /** The slow-sync match index's text hash: tests force collisions with another. */
    private final ToLongFunction<String> textHash;

    ClientChanges(ServerConfig config, RandomGenerator random) {
        this(config, random, SlowSyncMatchIndex::textHash);
    }

    ClientChanges(ServerConfig config, RandomGenerator random, ToLongFunction<String> textHash) {
        this.config = config;
        this.random = random;
        this.textHash = textHash;
    }

    /** Slow-sync candidates per datastore session: the visible messages by text hash, read at the first Add. */
    private final Map<DatastoreSession, SlowSyncMatchIndex> slowSyncIndex = new HashMap<>();

    ItemResult add(Session s, DatastoreSession ds, Item item, PendingChanges changes, Instant now) {
        if (ds.format == DatastoreSession.Format.FULL) {
            return full.add(s, ds, item, changes);
        }
        String luid = item.sourceUri();
        if (luid == null || luid.isEmpty()) {
            return ItemResult.of(StatusCode.INCOMPLETE_COMMAND);
        }
        MemoFormats.Read read = MemoFormats.read(ds, item);
        if (read.refusal() != null) {
            return ItemResult.of(read.refusal()); // an unknown type or a malformed object: nothing stored
        }
        String text = read.text();
        Optional<StatusCode> bad = refusal(text);
        if (bad.isPresent()) {
            return ItemResult.of(bad.get());
        }
        if (ds.fullSync() && refusePurged(s, ds, luid, text, changes)) {
            return ItemResult.purged(StatusCode.ITEM_ADDED, luid); // the client goes on; in a slow sync our Delete follows
        }
        Optional<MessageId> already = changes.guidForLuid(ds.key, luid);
        if (already.isPresent()) {
            Optional<Message> m = changes.message(already.get());
            if (m.isPresent() && m.get().text().equals(text)) {
                return ItemResult.of(StatusCode.ITEM_ADDED); // a re-sent Add of an interrupted session
            }
        }
        if (ds.fullSync()) {
            MessageId match = takeMatch(s, ds, text, changes);
            if (match != null) {
                changes.putMap(ds.key, luid, match);
                return ItemResult.of(StatusCode.ITEM_ADDED); // matched items still get 201 (SCTS expects it)
            }
        }
        post(s, ds, luid, already.isPresent(), text, changes, now);
        return ItemResult.of(StatusCode.ITEM_ADDED);
    }

    ItemResult replace(Session s, DatastoreSession ds, Item item, PendingChanges changes, Instant now) {
        if (ds.format == DatastoreSession.Format.FULL) {
            return full.replace(s, ds, item, changes);
        }
        String luid = item.sourceUri();
        if (luid == null || luid.isEmpty()) {
            return ItemResult.of(StatusCode.INCOMPLETE_COMMAND);
        }
        MemoFormats.Read read = MemoFormats.read(ds, item);
        if (read.refusal() != null) {
            return ItemResult.of(read.refusal());
        }
        Optional<MessageId> guid = changes.guidForLuid(ds.key, luid);
        if (guid.isEmpty()) {
            ItemResult added = add(s, ds, item, changes, now);
            if (added.purgedLuid() != null || ds.purgedLuids.contains(luid)) {
                return added.withCode(StatusCode.OK); // a purged text: not stored, the Delete follows
            }
            return added.withCode(added.code() == StatusCode.ITEM_ADDED ? StatusCode.ITEM_ADDED : StatusCode.COMMAND_FAILED);
        }
        String text = read.text();
        Optional<StatusCode> bad = refusal(text);
        if (bad.isPresent()) {
            return ItemResult.of(bad.get());
        }
        Optional<Message> current = changes.message(guid.get());
        if (current.isPresent() && current.get().text().equals(text)) {
            return ItemResult.of(StatusCode.OK);
        }
        post(s, ds, luid, true, text, changes, now);
        return ItemResult.of(StatusCode.OK);
    }

    ItemResult delete(Session s, DatastoreSession ds, Item item, PendingChanges changes, Instant now) {
        if (ds.format == DatastoreSession.Format.FULL) {
            return full.delete(s, ds, item, changes, now);
        }
        String luid = item.sourceUri() != null ? item.sourceUri() : item.targetUri();
        if (luid == null) {
            return ItemResult.of(StatusCode.INCOMPLETE_COMMAND);
        }
        Optional<MessageId> guid = changes.guidForLuid(ds.key, luid);
        if (guid.isEmpty()) {
            return ItemResult.of(StatusCode.ITEM_NOT_DELETED);
        }
        Account a = s.account;
        if (a.mayPurge()) {
            changes.purge(guid.get(), a.name(), now);
        } else {
            changes.hide(a.name(), guid.get());
        }
        changes.removeMap(ds.key, luid);
        return ItemResult.of(StatusCode.OK);
    }

    /**
     * Whether this slow-sync or refresh item is a purged message (same text as a tombstone's);
     * then it is not mapped, and remembered for a Delete in package 4 (sent in a slow sync only).
     * Tombstones from before schema version 5 have no text hash and cannot be recognised here.
     */
    private static boolean refusePurged(Session s, DatastoreSession ds, String luid, String text, PendingChanges changes) {
        Optional<Tombstone> t = changes.tombstoneByText(text);
        if (t.isEmpty()) {
            return false;
        }
        changes.removeMap(ds.key, luid);
        if (!ds.purgedLuids.contains(luid)) { // the step remembers it (ItemResult.purged)
            LOG.info("{} {}/{}: item {} is purged message {} (purged by {}): not stored{}", ds.mode,
                    s.account.name(), s.device, luid, t.get().id().value(), t.get().purgedBy(),
                    ds.serverSends() ? "; the client is told to delete it" : "");
        }
        return true;
    }

    private void post(Session s, DatastoreSession ds, String luid, boolean luidMapped, String text, PendingChanges changes, Instant now)
            {
        String channel = ds.channel != null ? ds.channel : config.defaultChannel();
        Message m = Message.create(changes.freshV2Id(random), now.getEpochSecond(), text, s.account.callSign(),
                config.nodeName(), "pi", channel);
        changes.postNew(m, "syncml:" + s.account.name() + "/" + s.device); // freshV2Id checked its GUID is new
        if (luidMapped) {
            changes.putMap(ds.key, luid, m.id());
        } else {
            changes.insertMap(ds.key, luid, m.id()); // a fresh GUID for an unmapped LUID: nothing to replace
        }
    }

    /** The code refusing a memo text (empty, or longer than a message may be); empty when the text is fine. */
    private static Optional<StatusCode> refusal(String text) {
        if (text.isEmpty()) {
            return Optional.of(StatusCode.BAD_REQUEST);
        }
        if (text.length() > MemoText.MAX_LENGTH) {
            return Optional.of(StatusCode.REQUEST_ENTITY_TOO_LARGE);
        }
        return Optional.empty();
    }

    /**
     * Package 3 is over: no more client Adds to match, so the indexes (a few MB at 100,000 stored
     * messages) need not live on with the session while package 4 goes out and it waits for replay.
     * A late Add would only read its index again.
     */
    void endOfClientChanges() {
        slowSyncIndex.clear();
    }

    /** How many datastores hold a match index now. */
    int matchIndexes() {
        return slowSyncIndex.size();
    }

    private MessageId takeMatch(Session s, DatastoreSession ds, String text, PendingChanges changes) {
        SlowSyncMatchIndex index = slowSyncIndex.get(ds);
        if (index == null) {
            SlowSyncMatchIndex built = new SlowSyncMatchIndex(textHash);
            changes.eachVisibleText(s.account.name(), ds.channel, built::add);
            built.seal();
            LOG.debug("{} {}/{}: slow-sync match index of {} messages, {} bytes", ds.mode, s.account.name(), s.device,
                    built.size(), built.retainedBytes());
            slowSyncIndex.put(ds, built);
            index = built;
        }
        return index.take(text, id -> verdict(ds, id, text, changes));
    }

    /**
     * Whether a candidate of the index is a stored message with exactly this text that this client
     * has not mapped: loaded by its GUID, as it is now (purged, hidden or mapped since the index was
     * read: never again in this session). A hide since the index was read is not looked up (a query per
     * item; the index left hidden messages out when it was read).
     */
    private static SlowSyncMatchIndex.Verdict verdict(DatastoreSession ds, MessageId id, String text,
                                                      PendingChanges changes) {
        Optional<Message> m = changes.message(id);
        if (m.isEmpty()) {
            return SlowSyncMatchIndex.Verdict.DROP;
        }
        if (!m.get().text().equals(text)) {
            return SlowSyncMatchIndex.Verdict.SKIP; // another text with the same hash
        }
        return changes.luidForGuid(ds.key, id).isEmpty() ? SlowSyncMatchIndex.Verdict.TAKE
                : SlowSyncMatchIndex.Verdict.DROP;
    }
}
