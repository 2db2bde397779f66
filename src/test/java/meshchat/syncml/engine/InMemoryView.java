package meshchat.syncml.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.SyncState;
import meshchat.syncml.store.Tombstone;
import meshchat.syncml.store.UnmappedPage;

/**
 * A store as plain maps, for the server role's decisions in tests without a transaction: the
 * decisions only read, so this answers what a store holding these rows would answer. It has no
 * change log (package 4 is tested on real Derby).
 */
final class InMemoryView implements ServerView {
    final Map<MessageId, Message> messages = new HashMap<>();
    final Map<MessageId, Tombstone> tombstones = new HashMap<>();
    final Set<String> hidden = new HashSet<>();
    final Map<ClientKey, Map<String, MessageId>> maps = new HashMap<>();
    final Map<ClientKey, SyncState> states = new HashMap<>();
    final Map<String, String> devInfs = new HashMap<>();

    InMemoryView withMessage(Message m) {
        messages.put(m.id(), m);
        return this;
    }

    InMemoryView withMap(ClientKey key, String luid, MessageId guid) {
        maps.computeIfAbsent(key, k -> new HashMap<>()).put(luid, guid);
        return this;
    }

    InMemoryView withTombstone(Message purged, String by, Instant at) {
        messages.remove(purged.id());
        tombstones.put(purged.id(), new Tombstone(purged.id(), at, by, Tombstone.textHash(purged.text())));
        return this;
    }

    @Override
    public Optional<MessageId> guidForLuid(ClientKey key, String luid) {
        return Optional.ofNullable(maps.getOrDefault(key, Map.of()).get(luid));
    }

    @Override
    public Optional<String> luidForGuid(ClientKey key, MessageId guid) {
        return maps.getOrDefault(key, Map.of()).entrySet().stream().filter(e -> e.getValue().equals(guid))
                .map(Map.Entry::getKey).findFirst();
    }

    @Override
    public Optional<Message> message(MessageId id) {
        return Optional.ofNullable(messages.get(id));
    }

    @Override
    public Optional<Tombstone> tombstone(MessageId id) {
        return Optional.ofNullable(tombstones.get(id));
    }

    @Override
    public Optional<Tombstone> tombstoneByText(String text) {
        String hash = Tombstone.textHash(text);
        return tombstones.values().stream().filter(t -> hash.equals(t.textHash())).findFirst();
    }

    @Override
    public boolean isHidden(String account, MessageId id) {
        return hidden.contains(account + "\n" + id.value());
    }

    @Override
    public List<Message> visible(String account) {
        List<Message> out = new ArrayList<>();
        for (Message m : messages.values()) {
            if (!isHidden(account, m.id())) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparingLong(Message::epoch).thenComparing(m -> m.id().value()).reversed());
        return out;
    }

    @Override
    public void eachVisibleText(String account, String channel, java.util.function.BiConsumer<String, String> sink) {
        for (Message m : visible(account)) {
            if (channel == null || channel.equals(m.channel())) {
                sink.accept(m.id().value(), m.text());
            }
        }
    }

    @Override
    public UnmappedPage unmappedPage(ClientKey key, String channel, UnmappedPage.Position after, int rows) {
        throw new UnsupportedOperationException("package 4 is tested on real Derby");
    }

    @Override
    public long unmappedCount(ClientKey key, String channel) {
        throw new UnsupportedOperationException("package 4 is tested on real Derby");
    }

    @Override
    public boolean v2IdInUse(String v2Id) {
        return messages.keySet().stream().anyMatch(id -> id.v2Id().equals(v2Id))
                || tombstones.keySet().stream().anyMatch(id -> id.v2Id().equals(v2Id));
    }

    @Override
    public Optional<SyncState> syncState(ClientKey key) {
        return Optional.ofNullable(states.get(key));
    }

    @Override
    public Optional<Instant> lastSynced(ClientKey key) {
        return Optional.empty();
    }

    @Override
    public Optional<String> devInf(String device, String account) {
        return Optional.ofNullable(devInfs.get(device + "\n" + account)); // keyed by device and the account that sent it
    }

    @Override
    public long lastSeq() {
        throw new UnsupportedOperationException("no change log in memory");
    }

    @Override
    public List<Tombstone> tombstonesSince(Instant since) {
        throw new UnsupportedOperationException("no change log in memory");
    }

    @Override
    public Collection<Change> latestChanges(long from, long upTo, Predicate<Change> include) {
        throw new UnsupportedOperationException("no change log in memory");
    }
}
