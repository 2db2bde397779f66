package meshchat.syncml.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.StoreException;
import meshchat.syncml.store.SyncState;
import meshchat.syncml.store.Tombstone;
import meshchat.syncml.store.Tx;
import meshchat.syncml.store.UnmappedPage;

/**
 * The store changes decided for one client message, in order, and a {@link ServerView} that
 * answers as the store will once they are applied: a Map then an Add of the same LUID, an Add
 * sent twice in one message, two posts drawing a v2 id, a slow-sync match taken earlier in the
 * message all see what was decided before them. Reads of what this message did not change go to
 * the view below, one read per question as before (the overlay costs no extra store reads), but
 * for the map rows of a Sync's LUIDs, read ahead many per statement ({@link #prefetchGuids}).
 *
 * <p>The change log ({@link #lastSeq}, {@link #latestChanges}, {@link #tombstonesSince}) is only
 * read with nothing pending: change seqs exist once the changes are applied, so package 4 is
 * worked out after the caller applied the client's changes (same transaction).
 */
final class PendingChanges implements ServerView {
    /** By second only: the sort is stable, and the rows come in the store's order (ties by arrival, latest first). */
    private static final Comparator<Message> NEWEST_FIRST = Comparator.comparingLong(Message::epoch).reversed();

    private final ServerView base;
    private final List<ServerChange> changes = new ArrayList<>();
    private final Map<ClientKey, MapOverlay> maps = new HashMap<>();
    private final Map<MessageId, Message> posted = new LinkedHashMap<>();
    private final Map<MessageId, Tombstone> purged = new HashMap<>();
    /** Text hash of each pending purge's message, filled when a slow sync first asks. */
    private final Map<String, Tombstone> purgedByTextHash = new HashMap<>();
    /** The text hash a pending purge's Delete carried, for a GUID the store may not hold. */
    private final Map<MessageId, String> peerHashes = new HashMap<>();
    private final List<MessageId> unhashed = new ArrayList<>();
    private final Set<String> v2IdsTaken = new HashSet<>();
    /** "account\nguid" of the hides decided here. */
    private final Set<String> hidden = new HashSet<>();
    private final Map<ClientKey, Optional<SyncState>> states = new HashMap<>();
    private final Map<ClientKey, Optional<Instant>> synced = new HashMap<>();
    private final Map<String, String[]> devInfs = new HashMap<>(); // device -> {account, xml}
    /**
     * What the view below answered for LUIDs asked ahead ({@link #prefetchGuids}): the store as it
     * is below the pending changes, which nothing writes until {@link #applyTo} (one transaction).
     */
    private final Map<ClientKey, Map<String, Optional<MessageId>>> below = new HashMap<>();
    /** Posts whose GUID was drawn with a v2 id checked free here: stored without existence checks. */
    private final Set<MessageId> fresh = new HashSet<>();

    PendingChanges(ServerView base) {
        this.base = base;
    }

    /** The changes in the order they were decided. */
    List<ServerChange> changes() {
        return Collections.unmodifiableList(changes);
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    // --- deciding

    /**
     * Only for a GUID without a tombstone, so no read here: a memo post has a fresh GUID, a full
     * item's tombstone is looked up just before.
     */
    void post(Message m, String origin) {
        changes.add(new ServerChange.Post(m, origin));
        posted.putIfAbsent(m.id(), m);
        v2IdsTaken.add(m.v2Id());
    }

    /** A post whose GUID has a v2 id from {@link #freshV2Id}: no read, and none when it is stored. */
    void postNew(Message m, String origin) {
        post(m, origin);
        fresh.add(m.id());
    }

    void putMap(ClientKey key, String luid, MessageId guid) {
        changes.add(new ServerChange.PutMap(key, luid, guid));
        mapped(key, luid, guid);
    }

    void insertMap(ClientKey key, String luid, MessageId guid) {
        changes.add(new ServerChange.InsertMap(key, luid, guid));
        mapped(key, luid, guid);
    }

    void removeMap(ClientKey key, String luid) {
        changes.add(new ServerChange.RemoveMap(key, luid));
        MapOverlay o = maps.computeIfAbsent(key, k -> new MapOverlay());
        Optional<MessageId> was = o.byLuid.get(luid);
        if (was != null && was.isPresent()) {
            o.byGuid.put(was.get(), Optional.empty());
        }
        o.byLuid.put(luid, Optional.empty());
    }

    void clearMaps(ClientKey key) {
        changes.add(new ServerChange.ClearMaps(key));
        MapOverlay o = new MapOverlay();
        o.cleared = true;
        maps.put(key, o);
    }

    /** No read here: what a tombstone would hold is looked up only when asked (see {@link #tombstoneByText}). */
    void purge(MessageId guid, String who, Instant at) {
        purge(guid, who, at, null);
    }

    /** A purge whose Delete carried the purged text's hash (meshchat-full; validated by the store, as here). */
    void purge(MessageId guid, String who, Instant at, String textHash) {
        changes.add(new ServerChange.Purge(guid, who, at, textHash));
        String hint = meshchat.syncml.chat.MessageItem.textHashOrNull(textHash);
        if (hint != null) {
            peerHashes.putIfAbsent(guid, hint);
        }
        if (!purged.containsKey(guid)) {
            purged.put(guid, new Tombstone(guid, Instant.ofEpochMilli(at.toEpochMilli()), who)); // as the store keeps it
            unhashed.add(guid);
            v2IdsTaken.add(guid.v2Id());
        }
    }

    /** Hides only a stored message, as the store's hide does (one read, as the store's hide makes). */
    void hide(String account, MessageId guid) {
        changes.add(new ServerChange.Hide(account, guid));
        if (message(guid).isPresent()) {
            hidden.add(account + "\n" + guid.value());
        }
    }

    void saveSyncState(ClientKey key, SyncState state) {
        changes.add(new ServerChange.SaveSyncState(key, state));
        states.put(key, Optional.of(state));
    }

    void deleteSyncState(ClientKey key) {
        changes.add(new ServerChange.DeleteSyncState(key));
        states.put(key, Optional.empty());
        synced.put(key, Optional.empty()); // the row goes, with its last sync time
    }

    void markSynced(ClientKey key, Instant at) {
        changes.add(new ServerChange.MarkSynced(key, at));
        if (syncState(key).isPresent()) {
            synced.put(key, Optional.of(Instant.ofEpochMilli(at.toEpochMilli())));
        }
    }

    void saveDevInf(String device, String account, String xml) {
        changes.add(new ServerChange.SaveDevInf(device, account, xml));
        devInfs.put(device, new String[] {account, xml});
    }

    /** 8 lower-case hex digits no stored or pending message and no tombstone uses (as Tx.freshV2Id). */
    String freshV2Id(RandomGenerator rnd) {
        // one lookup per candidate: an IN list of a hundred made Derby scan the v2_id index (1 s per batch at 30,000)
        for (int i = 0; i < 1000; i++) {
            String id = java.util.HexFormat.of().toHexDigits(rnd.nextInt()); // as %08x, without the Formatter per item
            if (!v2IdInUse(id)) {
                return id;
            }
        }
        throw new StoreException("no free v2 id found in 1000 tries; is the random generator constant?");
    }

    /**
     * Asks the view below for the map rows of these LUIDs now, in a few statements
     * ({@link ServerView#guidsForLuids}), so {@link #guidForLuid} answers them without a query:
     * the items of one Sync command, before they are decided. LUIDs the pending changes answer
     * already are not asked (the overlay answers them); those the view leaves out (null, empty,
     * over-long) are asked one by one when an item needs them, as before.
     */
    void prefetchGuids(ClientKey key, Collection<String> luids) {
        MapOverlay o = maps.get(key);
        if (o != null && o.cleared) {
            return; // nothing below counts
        }
        Map<String, Optional<MessageId>> known = below.computeIfAbsent(key, k -> new HashMap<>());
        Set<String> ask = new java.util.LinkedHashSet<>();
        for (String luid : luids) {
            if (luid != null && !known.containsKey(luid) && (o == null || !o.byLuid.containsKey(luid))) {
                ask.add(luid);
            }
        }
        if (!ask.isEmpty()) {
            known.putAll(base.guidsForLuids(key, ask));
        }
    }

    /** Applies the changes, in order, to {@code tx}: the caller's one transaction for the message. */
    void applyTo(Tx tx) {
        below.clear(); // the store below changes now
        NewRows run = new NewRows();
        for (ServerChange c : changes) {
            if (run.take(c)) {
                continue;
            }
            run.applyTo(tx);
            switch (c.kind()) {
                case POST -> {
                    ServerChange.Post p = (ServerChange.Post) c;
                    tx.addMessage(p.message(), p.origin()); // -1: stored or purged already
                }
                case PUT_MAP -> {
                    ServerChange.PutMap p = (ServerChange.PutMap) c;
                    tx.putMap(p.key(), p.luid(), p.guid());
                }
                case INSERT_MAP -> {
                    ServerChange.InsertMap p = (ServerChange.InsertMap) c;
                    tx.insertMap(p.key(), p.luid(), p.guid());
                }
                case REMOVE_MAP -> {
                    ServerChange.RemoveMap r = (ServerChange.RemoveMap) c;
                    tx.removeMapByLuid(r.key(), r.luid());
                }
                case CLEAR_MAPS -> tx.clearMaps(((ServerChange.ClearMaps) c).key());
                case PURGE -> {
                    ServerChange.Purge p = (ServerChange.Purge) c;
                    tx.purge(p.guid(), p.who(), p.at(), p.textHash()); // -1: purged already (a missing hash is filled)
                }
                case HIDE -> {
                    ServerChange.Hide h = (ServerChange.Hide) c;
                    tx.hide(h.account(), h.guid()); // -1: hidden already or not stored
                }
                case SAVE_SYNC_STATE -> {
                    ServerChange.SaveSyncState s = (ServerChange.SaveSyncState) c;
                    tx.saveSyncState(s.key(), s.state());
                }
                case DELETE_SYNC_STATE -> tx.deleteSyncState(((ServerChange.DeleteSyncState) c).key());
                case MARK_SYNCED -> {
                    ServerChange.MarkSynced m = (ServerChange.MarkSynced) c;
                    tx.markSynced(m.key(), m.at());
                }
                case SAVE_DEV_INF -> {
                    ServerChange.SaveDevInf d = (ServerChange.SaveDevInf) c;
                    tx.saveDevInf(d.device(), d.account(), d.xml());
                }
                default -> throw new IllegalStateException("unknown change " + c.kind());
            }
        }
        run.applyTo(tx);
    }

    /**
     * A run of posts with fresh GUIDs and inserts of unmapped LUIDs (a slow sync's message is one
     * run of 1,000 of each), stored by multi-row INSERTs. Nothing else is read or written while a
     * run gathers (any other change applies it first), and its messages and map rows are in
     * tables that never read each other, so storing the messages first, then the map rows in
     * their order, leaves what storing them one by one would.
     */
    private final class NewRows {
        private final List<Message> messages = new ArrayList<>();
        private final List<String> origins = new ArrayList<>();
        private ClientKey key;
        private final List<String> luids = new ArrayList<>();
        private final List<MessageId> guids = new ArrayList<>();

        /** Whether the change joined the run: a fresh post, or an insert map of the run's client. */
        boolean take(ServerChange c) {
            if (c.kind() == ServerChange.Kind.POST) {
                ServerChange.Post p = (ServerChange.Post) c;
                if (!fresh.contains(p.message().id())) {
                    return false;
                }
                messages.add(p.message()); // its v2 id was checked free: no lookups
                origins.add(p.origin());
                return true;
            }
            if (c.kind() == ServerChange.Kind.INSERT_MAP) {
                ServerChange.InsertMap m = (ServerChange.InsertMap) c;
                if (key != null && !key.equals(m.key())) {
                    return false;
                }
                key = m.key();
                luids.add(m.luid());
                guids.add(m.guid());
                return true;
            }
            return false;
        }

        void applyTo(Tx tx) {
            if (!messages.isEmpty()) {
                tx.addNewMessages(messages, origins);
            }
            if (!luids.isEmpty()) {
                tx.insertMaps(key, luids, guids);
            }
            messages.clear();
            origins.clear();
            key = null;
            luids.clear();
            guids.clear();
        }
    }

    // --- reading through the pending changes

    @Override
    public Optional<MessageId> guidForLuid(ClientKey key, String luid) {
        MapOverlay o = maps.get(key);
        if (o == null) {
            return guidBelow(key, luid);
        }
        Optional<MessageId> here = o.byLuid.get(luid);
        if (here != null) {
            return here;
        }
        if (o.cleared) {
            return Optional.empty();
        }
        Optional<MessageId> below = guidBelow(key, luid);
        // the row below is gone when its GUID was mapped again (to another LUID) or unmapped here
        if (below.isPresent() && o.byGuid.containsKey(below.get()) && !o.byGuid.get(below.get()).equals(Optional.of(luid))) {
            return Optional.empty();
        }
        return below;
    }

    /** The view below's answer: asked ahead ({@link #prefetchGuids}), else asked now. */
    private Optional<MessageId> guidBelow(ClientKey key, String luid) {
        Map<String, Optional<MessageId>> known = below.get(key);
        Optional<MessageId> answer = known == null ? null : known.get(luid);
        return answer != null ? answer : base.guidForLuid(key, luid);
    }

    @Override
    public Optional<String> luidForGuid(ClientKey key, MessageId guid) {
        MapOverlay o = maps.get(key);
        if (o == null) {
            return base.luidForGuid(key, guid);
        }
        Optional<String> here = o.byGuid.get(guid);
        if (here != null) {
            return here;
        }
        if (o.cleared) {
            return Optional.empty();
        }
        Optional<String> below = base.luidForGuid(key, guid);
        if (below.isPresent() && o.byLuid.containsKey(below.get()) && !o.byLuid.get(below.get()).equals(Optional.of(guid))) {
            return Optional.empty();
        }
        return below;
    }

    @Override
    public Optional<Message> message(MessageId id) {
        if (purged.containsKey(id)) {
            return Optional.empty();
        }
        Optional<Message> below = base.message(id);
        return below.isPresent() ? below : Optional.ofNullable(posted.get(id)); // a post of a stored GUID changes nothing
    }

    @Override
    public Optional<Tombstone> tombstone(MessageId id) {
        Optional<Tombstone> below = base.tombstone(id); // purged before: that tombstone stays
        return below.isPresent() ? below : Optional.ofNullable(purged.get(id));
    }

    @Override
    public Optional<Tombstone> tombstoneByText(String text) {
        Optional<Tombstone> below = base.tombstoneByText(text);
        if (below.isPresent() || purged.isEmpty()) {
            return below;
        }
        for (MessageId id : unhashed) { // the store hashes the text it held at the purge
            Optional<Message> m = base.message(id);
            Message was = m.isPresent() ? m.get() : posted.get(id);
            if (base.tombstone(id).isEmpty()) {
                String hash = was != null ? Tombstone.textHash(was.text()) : peerHashes.get(id); // as Tx.purge keeps it
                if (hash != null) {
                    Tombstone t = purged.get(id);
                    purgedByTextHash.putIfAbsent(hash, new Tombstone(id, t.purgedAt(), t.purgedBy(), hash));
                }
            }
        }
        unhashed.clear();
        return Optional.ofNullable(purgedByTextHash.get(Tombstone.textHash(text)));
    }

    @Override
    public boolean isHidden(String account, MessageId id) {
        if (purged.containsKey(id)) {
            return false; // a purge removes the hide marks
        }
        return hidden.contains(account + "\n" + id.value()) || base.isHidden(account, id);
    }

    @Override
    public List<Message> visible(String account) {
        List<Message> below = base.visible(account);
        if (posted.isEmpty() && purged.isEmpty() && hidden.isEmpty()) {
            return below;
        }
        List<Message> all = new ArrayList<>(below.size() + posted.size());
        Set<MessageId> seen = new HashSet<>();
        for (Message m : below) {
            seen.add(m.id());
        }
        List<Message> newPosts = new ArrayList<>(posted.values());
        Collections.reverse(newPosts); // they arrive after every stored row: latest first among equal seconds
        for (Message m : newPosts) {
            if (!seen.contains(m.id()) && !purged.containsKey(m.id())
                    && !hidden.contains(account + "\n" + m.id().value())) {
                all.add(m);
            }
        }
        for (Message m : below) {
            if (!purged.containsKey(m.id()) && !hidden.contains(account + "\n" + m.id().value())) {
                all.add(m);
            }
        }
        all.sort(NEWEST_FIRST);
        return all;
    }

    /** The store's rows less those purged or hidden in this transaction, then this transaction's new posts. */
    @Override
    public void eachVisibleText(String account, String channel, BiConsumer<String, String> sink) {
        boolean overlay = !purged.isEmpty() || !hidden.isEmpty();
        base.eachVisibleText(account, channel, (guid, text) -> {
            if (!overlay || (!hidden.contains(account + "\n" + guid) && !purged.containsKey(new MessageId(guid)))) {
                sink.accept(guid, text);
            }
        });
        for (Message m : posted.values()) {
            if ((channel == null || channel.equals(m.channel())) && !purged.containsKey(m.id())
                    && !hidden.contains(account + "\n" + m.id().value())
                    && base.message(m.id()).isEmpty()) { // a post of a stored GUID changes nothing
                sink.accept(m.id().value(), m.text());
            }
        }
    }

    @Override
    public UnmappedPage unmappedPage(ClientKey key, String channel, UnmappedPage.Position after, int rows) {
        requireApplied("unmappedPage");
        return base.unmappedPage(key, channel, after, rows);
    }

    @Override
    public long unmappedCount(ClientKey key, String channel) {
        requireApplied("unmappedCount");
        return base.unmappedCount(key, channel);
    }

    @Override
    public boolean v2IdInUse(String v2Id) {
        return v2IdsTaken.contains(v2Id) || base.v2IdInUse(v2Id);
    }

    @Override
    public Optional<SyncState> syncState(ClientKey key) {
        Optional<SyncState> here = states.get(key);
        return here != null ? here : base.syncState(key);
    }

    @Override
    public Optional<Instant> lastSynced(ClientKey key) {
        Optional<Instant> here = synced.get(key);
        return here != null ? here : base.lastSynced(key);
    }

    @Override
    public Optional<String> devInf(String device, String account) {
        String[] here = devInfs.get(device);
        if (here != null) {
            return here[0].equals(account) ? Optional.of(here[1]) : Optional.empty();
        }
        return base.devInf(device, account);
    }

    @Override
    public long lastSeq() {
        requireApplied("lastSeq");
        return base.lastSeq();
    }

    @Override
    public List<Tombstone> tombstonesSince(Instant since) {
        requireApplied("tombstonesSince");
        return base.tombstonesSince(since);
    }

    @Override
    public Collection<Change> latestChanges(long from, long upTo, Predicate<Change> include) {
        requireApplied("latestChanges");
        return base.latestChanges(from, upTo, include);
    }

    private void requireApplied(String read) {
        if (!changes.isEmpty()) {
            throw new IllegalStateException(read + " reads the change log, which the " + changes.size()
                    + " pending change(s) are not in yet: apply them first");
        }
    }

    private void mapped(ClientKey key, String luid, MessageId guid) {
        MapOverlay o = maps.computeIfAbsent(key, k -> new MapOverlay());
        Optional<MessageId> oldGuid = o.byLuid.get(luid);
        if (oldGuid != null && oldGuid.isPresent() && !oldGuid.get().equals(guid)) {
            o.byGuid.put(oldGuid.get(), Optional.empty());
        }
        Optional<String> oldLuid = o.byGuid.get(guid);
        if (oldLuid != null && oldLuid.isPresent() && !oldLuid.get().equals(luid)) {
            o.byLuid.put(oldLuid.get(), Optional.empty());
        }
        o.byLuid.put(luid, Optional.of(guid));
        o.byGuid.put(guid, Optional.of(luid));
    }

    /**
     * One client datastore's map changes: what a LUID or GUID now maps to (empty: unmapped), and
     * whether the rows below were cleared. A row below is gone too when its LUID or GUID was
     * mapped anew here (putMap replaces any row of either).
     */
    private static final class MapOverlay {
        final Map<String, Optional<MessageId>> byLuid = new HashMap<>();
        final Map<MessageId, Optional<String>> byGuid = new HashMap<>();
        boolean cleared;
    }
}
