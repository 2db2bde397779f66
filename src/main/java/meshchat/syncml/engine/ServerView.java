package meshchat.syncml.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.SyncState;
import meshchat.syncml.store.Tombstone;
import meshchat.syncml.store.UnmappedPage;

/**
 * What the server role's decisions may read of the store, and nothing they could write with.
 * {@link TxView} answers from a store transaction; {@link PendingChanges} answers the same
 * questions with the changes already decided in this message laid over it; tests answer from
 * memory. Each method means what the {@link meshchat.syncml.store.Tx} method of that name means.
 */
interface ServerView {
    Optional<MessageId> guidForLuid(ClientKey key, String luid);

    /**
     * {@link #guidForLuid} of each LUID, as {@link meshchat.syncml.store.Tx#guidsForLuids}: every
     * LUID answered maps to its GUID or to empty; null, empty and over-long ones may be left out.
     * Here one question each; the store's view asks many per statement.
     */
    default Map<String, Optional<MessageId>> guidsForLuids(ClientKey key, Collection<String> luids) {
        Map<String, Optional<MessageId>> out = new HashMap<>();
        for (String luid : luids) {
            if (luid != null && !luid.isEmpty() && luid.length() <= meshchat.syncml.store.Store.MAX_FIELD_CHARS) {
                out.computeIfAbsent(luid, l -> guidForLuid(key, l));
            }
        }
        return out;
    }

    Optional<String> luidForGuid(ClientKey key, MessageId guid);

    Optional<Message> message(MessageId id);

    Optional<Tombstone> tombstone(MessageId id);

    /** A tombstone whose text hash is this text's ({@link Tombstone#textHash}). */
    Optional<Tombstone> tombstoneByText(String text);

    boolean isHidden(String account, MessageId id);

    /** Every message this account may see, newest first (epoch, then GUID, descending). */
    List<Message> visible(String account);

    /**
     * The GUID and text of every message {@link #visible} would list that is in {@code channel}
     * (null: all), one at a time, without holding them: what a slow sync's match index reads.
     */
    void eachVisibleText(String account, String channel, BiConsumer<String, String> sink);

    /**
     * The next page of the messages this client lacks, newest first ({@link meshchat.syncml.store.Tx#unmappedPage}):
     * package 4 of a slow sync or refresh, read page by page. Change-log reads: nothing may be pending.
     */
    UnmappedPage unmappedPage(ClientKey key, String channel, UnmappedPage.Position after, int rows);

    /** How many messages {@link #unmappedPage} holds in all. */
    long unmappedCount(ClientKey key, String channel);

    /** Whether a stored message or a tombstone has this v2 id. */
    boolean v2IdInUse(String v2Id);

    Optional<SyncState> syncState(ClientKey key);

    Optional<Instant> lastSynced(ClientKey key);

    /** The DevInf the account sent from this device; empty when none, or another account's. */
    Optional<String> devInf(String device, String account);

    /** The newest change seq (0 when none): package 4 reads it after the client's changes are committed. */
    long lastSeq();

    List<Tombstone> tombstonesSince(Instant since);

    Collection<Change> latestChanges(long from, long upTo, Predicate<Change> include);
}
