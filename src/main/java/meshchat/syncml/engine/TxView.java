package meshchat.syncml.engine;

import java.time.Instant;
import java.util.Collection;
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
import meshchat.syncml.store.Tx;
import meshchat.syncml.store.UnmappedPage;

/** The server role's reads, answered by one store transaction (reads only: the decisions never hold the Tx). */
final class TxView implements ServerView {
    private final Tx tx;

    TxView(Tx tx) {
        this.tx = tx;
    }

    @Override
    public Optional<MessageId> guidForLuid(ClientKey key, String luid) {
        return tx.guidForLuid(key, luid);
    }

    @Override
    public Map<String, Optional<MessageId>> guidsForLuids(ClientKey key, Collection<String> luids) {
        return tx.guidsForLuids(key, luids);
    }

    @Override
    public Optional<String> luidForGuid(ClientKey key, MessageId guid) {
        return tx.luidForGuid(key, guid);
    }

    @Override
    public Optional<Message> message(MessageId id) {
        return tx.message(id);
    }

    @Override
    public Optional<Tombstone> tombstone(MessageId id) {
        return tx.tombstone(id);
    }

    @Override
    public Optional<Tombstone> tombstoneByText(String text) {
        return tx.tombstoneByText(text);
    }

    @Override
    public boolean isHidden(String account, MessageId id) {
        return tx.isHidden(account, id);
    }

    @Override
    public List<Message> visible(String account) {
        return tx.visible(account);
    }

    @Override
    public void eachVisibleText(String account, String channel, BiConsumer<String, String> sink) {
        tx.eachVisibleText(account, channel, sink);
    }

    @Override
    public UnmappedPage unmappedPage(ClientKey key, String channel, UnmappedPage.Position after, int rows) {
        return tx.unmappedPage(key, channel, after, rows);
    }

    @Override
    public long unmappedCount(ClientKey key, String channel) {
        return tx.unmappedCount(key, channel);
    }

    @Override
    public boolean v2IdInUse(String v2Id) {
        return tx.v2IdInUse(v2Id);
    }

    @Override
    public Optional<SyncState> syncState(ClientKey key) {
        return tx.syncState(key);
    }

    @Override
    public Optional<Instant> lastSynced(ClientKey key) {
        return tx.lastSynced(key);
    }

    @Override
    public Optional<String> devInf(String device, String account) {
        return tx.devInf(device, account);
    }

    @Override
    public long lastSeq() {
        return tx.lastSeq();
    }

    @Override
    public List<Tombstone> tombstonesSince(Instant since) {
        return tx.tombstonesSince(since);
    }

    @Override
    public Collection<Change> latestChanges(long from, long upTo, Predicate<Change> include) {
        return tx.latestChanges(from, upTo, include);
    }
}
