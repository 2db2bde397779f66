package meshchat.syncml.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;

/**
 * One transaction, from {@link Store#write} or {@link Store#read}. Every method runs prepared
 * statements on the transaction's connection and throws {@link StoreException} naming the failed
 * statement. Strings longer than their column ({@link Store#MAX_FIELD_CHARS},
 * {@link Store#MAX_TEXT_CHARS}) are refused with IllegalArgumentException before any SQL runs.
 */
public final class Tx {

    private static final String MESSAGE_COLUMNS =
            "guid, epoch, message_text, call_sign, node, platform, channel, message_text_long";

    /** The order of messages_newest and messages_channel_newest: newest second first, then latest arrival. */
    static final String NEWEST_FIRST = " ORDER BY epoch DESC, seq DESC";

    private static final String TOMBSTONE_COLUMNS = "guid, purged_at, purged_by, text_hash";

    private final Sql sql;
    private final ClientState clients;
    private final WebReads web;
    private final UnmappedScan unmapped;
    private final SeqCounter seqs;
    private final V2IdFilter v2Ids;
    private boolean changed;
    /** Whether any tombstone keeps a text hash, asked once per transaction; null: not asked yet (or a purge since). */
    private Boolean anyTextHash;

    Tx(Connection c, SeqCounter seqs, V2IdFilter v2Ids) {
        this.sql = new Sql(c);
        this.seqs = seqs;
        this.v2Ids = v2Ids;
        this.clients = new ClientState(sql);
        this.web = new WebReads(sql);
        this.unmapped = new UnmappedScan(sql, clients);
    }

    // --- accounts

    /** Inserts the account, or replaces the digest, admin flag and call sign of an existing one. */
    public void putAccount(Account a) {
        int admin = a.admin() ? 1 : 0;
        int peer = a.peer() ? 1 : 0;
        if (sql.update("accounts.update", "UPDATE accounts SET md5_digest = ?, is_admin = ?, call_sign = ?, is_peer = ?"
                + " WHERE name = ?", a.md5Digest(), admin, a.callSign(), peer, a.name()) == 0) {
            sql.update("accounts.insert", "INSERT INTO accounts (name, md5_digest, is_admin, call_sign, is_peer)"
                    + " VALUES (?, ?, ?, ?, ?)", a.name(), a.md5Digest(), admin, a.callSign(), peer);
        }
    }

    public Optional<Account> account(String name) {
        return sql.one("accounts.byName", "SELECT name, md5_digest, is_admin, call_sign, is_peer FROM accounts"
                + " WHERE name = ?", Tx::account, name);
    }

    /**
     * Removes the account and what the store keeps per account (hidden messages, sync anchors and
     * LUID maps of its devices), so a new account of that name starts afresh; false if there was none.
     */
    public boolean deleteAccount(String name) {
        sql.update("hidden.deleteAccount", "DELETE FROM hidden WHERE account = ?", name);
        clients.deleteAccountMaps(name);
        sql.update("syncState.deleteAccount", "DELETE FROM sync_state WHERE account = ?", name);
        sql.update("httpDigests.deleteAccount", "DELETE FROM http_digests WHERE name = ?", name);
        return sql.update("accounts.delete", "DELETE FROM accounts WHERE name = ?", name) > 0;
    }

    /** All accounts by name. */
    public List<Account> accounts() {
        return sql.list("accounts.all", 0, "SELECT name, md5_digest, is_admin, call_sign, is_peer FROM accounts"
                + " ORDER BY name", Tx::account);
    }

    // --- messages

    /**
     * Stores a message: the row is its ADD in the change log. Returns the change seq, or -1 when that GUID is already
     * stored or was purged: a purged message is never brought back.
     *
     * @param origin where it came from, e.g. {@code api:alice}, {@code syncml:alice/dev1},
     *               {@code v2:http://x}; cut to 255 characters
     */
    public long addMessage(Message m, String origin) {
        fitFields(m);
        String guid = m.id().value();
        if (sql.exists("messages.exists", "SELECT 1 FROM messages WHERE guid = ?", guid)
                || sql.exists("tombstones.exists", "SELECT 1 FROM tombstones WHERE guid = ?", guid)) {
            return -1;
        }
        return insertMessage(m, origin);
    }

    /**
     * As {@link #addMessage} for each message, in order (their seqs ascend in list order), for
     * messages whose v2 ids no stored message or tombstone uses, checked in this transaction
     * ({@link #v2IdInUse}): a GUID begins with its v2 id, so it cannot be stored or purged, and the
     * two lookups are skipped (a stored GUID would still fail on the primary key and the whole
     * transaction roll back). Many rows per INSERT ({@link Sql#insertRows}).
     */
    public void addNewMessages(List<Message> messages, List<String> origins) {
        if (messages.size() != origins.size()) {
            throw new IllegalArgumentException(messages.size() + " messages but " + origins.size() + " origins");
        }
        for (Message m : messages) {
            fitFields(m);
        }
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.text().length() > Store.MAX_TEXT_CHARS) {
                insertMessage(m, origins.get(i)); // a large object: its own statement
                continue;
            }
            long seq = nextSeq();
            rows.add(new Object[] {m.id().value(), m.epoch(), m.text(), m.callSign(), m.node(), m.platform(),
                m.channel(), m.v2Id(), seq, clip(origins.get(i))});
        }
        sql.insertRows("messages.insertRows", "INSERT INTO messages (guid, epoch, message_text, call_sign, node,"
                + " platform, channel, v2_id, seq, origin) VALUES ", 0, rows);
        for (Object[] row : rows) {
            v2Ids.note((String) row[7]); // after the insert: see V2IdFilter
        }
    }

    /** The size bounds of a message's fields, checked before any lookup or write. */
    private static void fitFields(Message m) {
        fit("text", m.text(), Store.MAX_MESSAGE_CHARS);
        fit("call sign", m.callSign(), Store.MAX_FIELD_CHARS);
        fit("node", m.node(), Store.MAX_FIELD_CHARS);
        fit("platform", m.platform(), Store.MAX_FIELD_CHARS);
        fit("channel", m.channel(), Store.MAX_FIELD_CHARS);
    }

    private long insertMessage(Message m, String origin) {
        String guid = m.id().value();
        long seq = nextSeq(); // no changes row: the messages row is the ADD (see sql/schema/50-changes.sql)
        if (m.text().length() <= Store.MAX_TEXT_CHARS) {
            sql.update("messages.insert", "INSERT INTO messages (guid, epoch, message_text, call_sign, node, platform,"
                    + " channel, v2_id, seq, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", guid, m.epoch(), m.text(),
                    m.callSign(), m.node(), m.platform(), m.channel(), m.v2Id(), seq, clip(origin));
        } else { // a large object: the whole text goes to the CLOB, the inline column keeps its start
            sql.update("messages.insertLong", "INSERT INTO messages (" + MESSAGE_COLUMNS + ", v2_id, seq, origin)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", guid, m.epoch(), m.text().substring(0, Store.MAX_TEXT_CHARS),
                    m.callSign(), m.node(), m.platform(), m.channel(), m.text(), m.v2Id(), seq, clip(origin));
        }
        v2Ids.note(m.id().v2Id()); // after the insert: see V2IdFilter
        return seq;
    }

    public Optional<Message> message(MessageId id) {
        return sql.one("messages.byGuid", "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE guid = ?",
                Tx::message, id.value());
    }

    /** Stored messages with this v2 id (usually one; v2 ids can collide), by GUID. */
    public List<Message> messagesByV2Id(String v2Id) {
        return sql.list("messages.byV2Id", 0, "SELECT " + MESSAGE_COLUMNS + " FROM messages"
                + " WHERE guid >= ? AND guid < ? ORDER BY guid", Tx::message, v2IdFrom(v2Id), v2IdTo(v2Id));
    }

    /*
     * A GUID begins with its v2 id and a '-' (chat.MessageId), so the messages of one v2 id are the
     * primary key's range [v2id + "-", v2id + "."): no index of their own (schema version 9 dropped
     * messages_v2_id, one B-tree insert less per stored message). '.' follows '-' in character code
     * order, which is how Derby compares here: Store creates the database without a territory
     * collation (UCS_BASIC). A linguistic collation could ignore the punctuation and miss rows.
     */
    private static String v2IdFrom(String v2Id) {
        return v2Id + "-";
    }

    private static String v2IdTo(String v2Id) {
        return v2Id + ".";
    }

    /**
     * The stored messages an operator's id names: a GUID names at most one, an 8-hex v2 id may
     * name several. Throws IllegalArgumentException when the text is neither.
     */
    public List<Message> find(String guidOrV2Id) {
        MessageId guid = MessageId.parseOrNull(guidOrV2Id);
        if (guid != null) {
            return message(guid).map(List::of).orElse(List.of());
        }
        if (MessageId.isV2Id(guidOrV2Id)) {
            return messagesByV2Id(guidOrV2Id);
        }
        throw new IllegalArgumentException("not a message GUID (like 0a1b2c3d-1700000000-5e6f7a8b)"
                + " or 8-hex v2 id: '" + guidOrV2Id + "'");
    }

    /** Whether any stored message or tombstone has this v2 id (most free ones answered by V2IdFilter). */
    public boolean v2IdInUse(String v2Id) {
        if (v2Ids.surelyFree(v2Id, sql, seqs)) {
            return false;
        }
        return sql.exists("messages.v2IdInUse", "SELECT 1 FROM messages WHERE guid >= ? AND guid < ?",
                v2IdFrom(v2Id), v2IdTo(v2Id))
                || sql.exists("tombstones.v2IdInUse", "SELECT 1 FROM tombstones WHERE v2_id = ?", v2Id);
    }

    /** 8 lower-case hex digits no stored message or tombstone uses. */
    public String freshV2Id(RandomGenerator rnd) {
        for (int i = 0; i < 1000; i++) {
            String id = String.format("%08x", rnd.nextInt());
            if (!v2IdInUse(id)) {
                return id;
            }
        }
        throw new StoreException("no free v2 id found in 1000 tries; is the random generator constant?");
    }

    /**
     * Up to {@code limit} stored messages, newest first (epoch, then seq, descending: messages of
     * one second in reverse arrival order).
     *
     * @param channel only this channel; null for all
     * @param account skip messages hidden for this account; null to skip none
     */
    public List<Message> newest(int limit, String channel, String account) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return limit == 0 ? List.of() : select(limit, channel, account, Long.MAX_VALUE);
    }

    /**
     * As {@link #newest}, stopping once the texts read reach {@code maxChars} characters (at least
     * one message): what the JSON API holds for one answer is bounded, however long the messages.
     */
    public List<Message> newestWithin(int limit, String channel, String account, long maxChars) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return select(limit, channel, account, maxChars);
    }

    /** Every message this account may see, newest first (for a slow sync). */
    public List<Message> visible(String account) {
        return select(0, null, account, Long.MAX_VALUE);
    }

    /**
     * Hands the GUID and text of every message this account may see (in the channel; null for
     * all), newest first, to {@code sink} one row at a time: a slow sync's match index reads the
     * whole chat without holding it (as {@link #visible} would).
     */
    public void eachVisibleText(String account, String channel, BiConsumer<String, String> sink) {
        Set<String> hidden = hiddenGuids(sql, account);
        Sql.Row<Void> row = rs -> {
            String guid = rs.getString(1);
            if (!hidden.contains(guid)) {
                String longText = rs.getString(3);
                sink.accept(guid, longText != null ? longText : rs.getString(2));
            }
            return null;
        };
        String columns = "SELECT guid, message_text, message_text_long FROM messages";
        String order = NEWEST_FIRST;
        if (channel == null) {
            sql.each("messages.visibleTexts", columns + order, row);
        } else {
            sql.each("messages.visibleTextsInChannel", columns + " WHERE channel = ?" + order, row, channel);
        }
    }

    /**
     * The next page of the messages this client lacks (visible to its account, in the channel or
     * all when null, not mapped to it), newest first: what a slow sync or refresh sends, read
     * {@code rows} rows at a time after {@code after} (null: from the newest).
     */
    public UnmappedPage unmappedPage(ClientKey key, String channel, UnmappedPage.Position after, int rows) {
        return unmapped.page(key, channel, after, rows);
    }

    /** How many messages the pages of {@link #unmappedPage} hold in all, right now. */
    public long unmappedCount(ClientKey key, String channel) {
        return unmapped.count(key, channel);
    }

    public long messageCount() {
        return sql.number("messages.count", "SELECT COUNT(*) FROM messages");
    }

    /**
     * Reads in index order (messages_newest, or messages_channel_newest for a channel), so
     * the cost follows the rows returned, not the table. Hidden messages are skipped here
     * rather than by NOT EXISTS, which made Derby sort the whole table; reading limit + the
     * account's hidden count rows is always enough.
     */
    private List<Message> select(int max, String channel, String account, long maxChars) {
        Set<String> hidden = account == null ? Set.of() : hiddenGuids(sql, account);
        int fetch = max == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (long) max + hidden.size());
        String order = NEWEST_FIRST;
        List<Message> rows = channel == null
                ? sql.listWithin("messages.newest", fetch, maxChars, m -> visibleChars(m, hidden),
                        "SELECT " + MESSAGE_COLUMNS + " FROM messages" + order, Tx::message)
                : sql.listWithin("messages.newestInChannel", fetch, maxChars, m -> visibleChars(m, hidden),
                        "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE channel = ?" + order, Tx::message, channel);
        rows.removeIf(m -> hidden.contains(m.id().value()));
        return max == 0 || rows.size() <= max ? rows : new ArrayList<>(rows.subList(0, max));
    }

    /** A message's weight in a bounded page: its text, or nothing when hidden (removed after the read). */
    static long visibleChars(Message m, Set<String> hidden) {
        return hidden.contains(m.id().value()) ? 0 : m.text().length();
    }

    // --- purge and hide

    /**
     * Purges a message zone-wide: writes its tombstone (with the hash of its text, when it is
     * stored) and a PURGE change, removes the message and its hide marks. Returns the change seq,
     * or -1 if it was purged already. An unknown GUID is tombstoned too, without a text hash: a
     * Delete may overtake its Add between peers, and the tombstone then stops the late Add.
     */
    public long purge(MessageId id, String who, Instant at) {
        return purge(id, who, at, null);
    }

    /**
     * As {@link #purge(MessageId, String, Instant)}, with the text hash a peer's Delete carried
     * ({@link meshchat.syncml.chat.MessageItem#deleteTextHash}): kept when the message is not stored
     * here (a stored message's own text wins), so a memo client's copy of the purged text is still
     * recognised in its slow sync ({@link #tombstoneByText}). Also fills the hash in when the
     * message was tombstoned already without one (no new change). A hash that is not exactly
     * {@value meshchat.syncml.chat.MessageItem#TEXT_HASH_CHARS} hex digits is ignored: the purge
     * still happens.
     *
     * @param peerTextHash the hash from the Delete, or null
     */
    public long purge(MessageId id, String who, Instant at, String peerTextHash) {
        String guid = id.value();
        String hint = MessageItem.textHashOrNull(peerTextHash);
        anyTextHash = null; // this purge may write or fill a text hash
        if (sql.exists("tombstones.exists", "SELECT 1 FROM tombstones WHERE guid = ?", guid)) {
            if (hint != null) {
                sql.update("tombstones.fillTextHash", "UPDATE tombstones SET text_hash = ? WHERE guid = ?"
                        + " AND text_hash IS NULL", hint, guid);
            }
            return -1;
        }
        String textHash = message(id).map(m -> Tombstone.textHash(m.text())).orElse(hint);
        long seq = logChange(Change.Kind.PURGE, guid, null);
        sql.update("tombstones.insert", "INSERT INTO tombstones (guid, v2_id, purged_at, purged_by, seq, text_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?)", guid, id.v2Id(), at.toEpochMilli(), clip(who), seq, textHash);
        v2Ids.note(id.v2Id()); // after the insert: see V2IdFilter
        sql.update("messages.delete", "DELETE FROM messages WHERE guid = ?", guid);
        sql.update("hidden.deleteByGuid", "DELETE FROM hidden WHERE guid = ?", guid);
        return seq;
    }

    public Optional<Tombstone> tombstone(MessageId id) {
        return sql.one("tombstones.byGuid", "SELECT " + TOMBSTONE_COLUMNS + " FROM tombstones WHERE guid = ?",
                Tx::tombstone, id.value());
    }

    /**
     * A tombstone of a purged message with exactly this text (as the store holds it), by the
     * text_hash index; any one when the text was purged several times (no ORDER BY: a sort per
     * slow-sync item made the lookup several times slower). Tombstones purged before schema version 5 have no hash and are
     * never found here.
     */
    public Optional<Tombstone> tombstoneByText(String text) {
        if (anyTextHash == null) { // once per transaction: most stores never purged, and a slow sync asks per item
            anyTextHash = sql.exists("tombstones.anyTextHash", "SELECT 1 FROM tombstones WHERE text_hash IS NOT NULL");
        }
        if (!anyTextHash) {
            return Optional.empty();
        }
        return sql.one("tombstones.byTextHash", "SELECT " + TOMBSTONE_COLUMNS + " FROM tombstones"
                + " WHERE text_hash = ?", Tx::tombstone, Tombstone.textHash(text));
    }

    /**
     * Hides a stored message from one account's devices and logs a HIDE. Returns the change
     * seq, or -1 when it is hidden already or not stored (purged or unknown: nothing to hide).
     */
    public long hide(String account, MessageId id) {
        fit("account", account, Store.MAX_FIELD_CHARS);
        String guid = id.value();
        if (!sql.exists("messages.exists", "SELECT 1 FROM messages WHERE guid = ?", guid)
                || isHidden(account, id)) {
            return -1;
        }
        long seq = logChange(Change.Kind.HIDE, guid, account);
        sql.update("hidden.insert", "INSERT INTO hidden (account, guid, seq) VALUES (?, ?, ?)",
                account, guid, seq);
        return seq;
    }

    public boolean isHidden(String account, MessageId id) {
        return sql.exists("hidden.exists", "SELECT 1 FROM hidden WHERE account = ? AND guid = ?",
                account, id.value());
    }

    // --- change log: the messages rows (ADD) and the changes rows (PURGE, HIDE), merged by seq

    /** The newest change seq; 0 when nothing changed yet. Two index ends: the newest ADD and the newest purge or hide. */
    public long lastSeq() {
        return Math.max(sql.number("changes.last", "SELECT MAX(seq) FROM changes"),
                sql.number("messages.lastSeq", MESSAGES_MAX_SEQ));
    }

    /**
     * Forced onto messages_seq, whose last key Derby then reads alone: left to itself it chose
     * messages_newest (seq is in it too) and read all of it, once per call (a slow sync asks per page).
     * The override comment must end its line.
     */
    static final String MESSAGES_MAX_SEQ = "SELECT MAX(seq) FROM messages --DERBY-PROPERTIES index=messages_seq\n";

    /**
     * Up to {@code limit} changes with seq greater than {@code seq}, ascending: the stored
     * messages (ADD, by messages_seq) and the purges and hides (by primary key), each read up to
     * {@code limit} and merged. A purged message's ADD went with its row: its PURGE stays.
     *
     * <p>Both reads stop at the {@link #lastSeq} read first. In a read transaction a writer can
     * commit between the two statements; seqs commit in order under the write lock, so all up to
     * that bound were committed before it was read, and a HIDE committed after the ADD read cannot
     * come back without the ADD below it (a reader moving its position past the HIDE would skip it).
     */
    public List<Change> changesSince(long seq, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        long bound = lastSeq();
        if (bound <= seq) {
            return List.of();
        }
        List<Change> adds = sql.list("messages.addsSince", limit, "SELECT seq, guid FROM messages"
                + " WHERE seq > ? AND seq <= ? ORDER BY seq", rs -> new Change(rs.getLong(1), Change.Kind.ADD,
                new MessageId(rs.getString(2)), null), seq, bound);
        List<Change> others = sql.list("changes.since", limit, "SELECT seq, kind, guid, account FROM changes"
                + " WHERE seq > ? AND seq <= ? ORDER BY seq", rs -> new Change(rs.getLong(1),
                Change.Kind.valueOf(rs.getString(2)), new MessageId(rs.getString(3)), rs.getString(4)), seq, bound);
        if (others.isEmpty()) {
            return adds;
        }
        if (adds.isEmpty()) {
            return others;
        }
        List<Change> merged = new ArrayList<>(Math.min(limit, adds.size() + others.size()));
        int a = 0;
        int o = 0;
        while (merged.size() < limit && (a < adds.size() || o < others.size())) {
            boolean takeAdd = o == others.size() || a < adds.size() && adds.get(a).seq() < others.get(o).seq();
            merged.add(takeAdd ? adds.get(a++) : others.get(o++));
        }
        return merged;
    }

    /**
     * The last change per message with seq in ({@code from}, {@code upTo}], in log order, among
     * those {@code include} keeps: what an incremental sync sends, read page by page.
     */
    public java.util.Collection<Change> latestChanges(long from, long upTo, java.util.function.Predicate<Change> include) {
        java.util.Map<MessageId, Change> latest = new java.util.LinkedHashMap<>();
        while (from < upTo) {
            List<Change> page = changesSince(from, CHANGE_PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (Change c : page) {
                if (c.seq() > upTo) {
                    break;
                }
                if (include.test(c)) {
                    latest.remove(c.id()); // re-inserted: ordered by its latest change
                    latest.put(c.id(), c);
                }
            }
            from = page.get(page.size() - 1).seq();
        }
        return latest.values();
    }

    private static final int CHANGE_PAGE = 1000;

    /** A seq for a change of this transaction (see SeqCounter); marks the transaction changed. */
    private long nextSeq() {
        changed = true;
        return seqs.next(sql);
    }

    private long logChange(Change.Kind kind, String guid, String account) {
        long seq = nextSeq();
        sql.update("changes.insert", "INSERT INTO changes (seq, kind, guid, account) VALUES (?, ?, ?, ?)",
                seq, kind.name(), guid, account);
        return seq;
    }

    // --- per-client state: see ClientState for the statements

    public Optional<SyncState> syncState(ClientKey k) {
        return clients.syncState(k);
    }

    public void saveSyncState(ClientKey k, SyncState s) {
        clients.saveSyncState(k, s);
    }

    public void deleteSyncState(ClientKey k) {
        clients.deleteSyncState(k);
    }

    public Optional<MessageId> guidForLuid(ClientKey k, String luid) {
        return clients.guidForLuid(k, luid);
    }

    /**
     * {@link #guidForLuid} of many LUIDs in a few statements: each LUID answered maps to its GUID
     * or to empty; null, empty and over-long LUIDs are left out of the answer (ask them one by one).
     */
    public java.util.Map<String, Optional<MessageId>> guidsForLuids(ClientKey k, java.util.Collection<String> luids) {
        return clients.guidsForLuids(k, luids);
    }

    public Optional<String> luidForGuid(ClientKey k, MessageId guid) {
        return clients.luidForGuid(k, guid);
    }

    /** Maps the client's LUID to our GUID, replacing any row for that LUID or that GUID. */
    public void putMap(ClientKey k, String luid, MessageId guid) {
        clients.putMap(k, luid, guid);
    }

    /**
     * Maps a LUID the client has not mapped to the GUID of a message just posted. Cheaper than
     * {@link #putMap} (no deletes: they cost most of a 10,000-Add message's time in the write lock);
     * a duplicate LUID fails on the primary key rather than being replaced.
     */
    public void insertMap(ClientKey k, String luid, MessageId guid) {
        clients.insertMap(k, luid, guid);
    }

    /** As {@link #insertMap} for each LUID and the GUID at its index, many rows per INSERT. */
    public void insertMaps(ClientKey k, List<String> luids, List<MessageId> guids) {
        clients.insertMaps(k, luids, guids);
    }

    public void removeMapByLuid(ClientKey k, String luid) {
        clients.removeMapByLuid(k, luid);
    }

    public void removeMapByGuid(ClientKey k, MessageId guid) {
        clients.removeMapByGuid(k, guid);
    }

    public void clearMaps(ClientKey k) {
        clients.clearMaps(k);
    }

    public int mapCount(ClientKey k) {
        return clients.mapCount(k);
    }

    /** The base64 NextNonce we last sent this device. */
    public Optional<String> nonce(String device) {
        return clients.nonce(device);
    }

    public void saveNonce(String device, String nonceB64) {
        clients.saveNonce(device, nonceB64);
    }

    /**
     * Replaces this device's nonce only if it is still {@code expected}: consumes it once, so two
     * concurrent logins replaying one credential cannot both succeed. False when it had changed.
     */
    public boolean replaceNonce(String device, String expected, String nonceB64) {
        return clients.replaceNonce(device, expected, nonceB64);
    }

    /** The DevInf this device last sent, as XML text. */
    public Optional<String> devInf(String device) {
        return clients.devInf(device);
    }

    /** The DevInf this device last sent, when the account sent it (another account's is not trusted). */
    public Optional<String> devInf(String device, String account) {
        return clients.devInf(device, account);
    }

    /** Stores the DevInf the account sent from this device (replacing whichever account's was there). */
    public void saveDevInf(String device, String account, String devInfXml) {
        clients.saveDevInf(device, account, devInfXml);
    }

    // --- peer links (client role)

    /** The NextNonce the peer at {@code url} gave us for our next credential, if any. */
    public Optional<String> peerNonce(String url) {
        return sql.one("peer_links.nonce", "SELECT next_nonce FROM peer_links WHERE peer = ?",
                rs -> rs.getString(1), ClientKey.peerKey(url)).filter(n -> n != null);
    }

    public void savePeerNonce(String url, String nonceB64) {
        fit("nonce", nonceB64, Store.MAX_FIELD_CHARS);
        fit("peer URL", url, 2048);
        String key = ClientKey.peerKey(url);
        if (sql.update("peer_links.updateNonce", "UPDATE peer_links SET next_nonce = ? WHERE peer = ?",
                nonceB64, key) == 0) {
            sql.update("peer_links.insert", "INSERT INTO peer_links (peer, url, next_nonce) VALUES (?, ?, ?)",
                    key, url, nonceB64);
        }
    }

    /** Tombstones of purges at or after {@code since}, oldest first: what a slow-syncing peer must learn. */
    public List<Tombstone> tombstonesSince(Instant since) {
        return sql.list("tombstones.since", 0, "SELECT " + TOMBSTONE_COLUMNS + " FROM tombstones"
                + " WHERE purged_at >= ? ORDER BY seq", Tx::tombstone, since.toEpochMilli());
    }

    /**
     * Removes the tombstones of purges before {@code before} (the retention) and returns how many.
     * Their PURGE rows stay in the change log, so an incremental sync still sends those Deletes.
     */
    public int pruneTombstones(Instant before) {
        return sql.update("tombstones.prune", "DELETE FROM tombstones WHERE purged_at < ?", before.toEpochMilli());
    }

    /** When this client's last session (server role) completed; empty when never, or before schema version 6. */
    public Optional<Instant> lastSynced(ClientKey k) {
        return sql.one("sync_state.syncedAt", "SELECT synced_at FROM sync_state WHERE account = ? AND device = ?"
                + " AND datastore = ?", rs -> {
                    long at = rs.getLong(1);
                    return rs.wasNull() ? null : Instant.ofEpochMilli(at);
                }, k.account(), k.device(), k.datastore());
    }

    /** Records that this client's session completed now (after {@link #saveSyncState}, which made its row). */
    public void markSynced(ClientKey k, Instant at) {
        sql.update("sync_state.markSynced", "UPDATE sync_state SET synced_at = ? WHERE account = ? AND device = ?"
                + " AND datastore = ?", at.toEpochMilli(), k.account(), k.device(), k.datastore());
    }

    // --- web pages and JSON API paging (issue 9)

    /**
     * Up to {@code limit} messages in arrival order by the seq of their ADD: those after
     * {@code since} oldest first when since is at least 0, else those before {@code before} newest
     * first. Messages hidden for {@code account} (null: none) are skipped.
     */
    public List<SequencedMessage> messagesBySeq(long since, long before, int limit, String channel, String account) {
        return web.bySeq(since, before, limit, channel, account, Long.MAX_VALUE);
    }

    /** As {@link #messagesBySeq}, stopping once the texts read reach {@code maxChars} characters (at least one). */
    public List<SequencedMessage> messagesBySeqWithin(long since, long before, int limit, String channel, String account,
                                                      long maxChars) {
        return web.bySeq(since, before, limit, channel, account, maxChars);
    }

    public long tombstoneCount() {
        return web.tombstoneCount();
    }

    /** Messages held per channel, by channel name ("" is the general channel). */
    public java.util.Map<String, Long> channelCounts() {
        return web.channels();
    }

    /** The clients that completed a session with us, most recent first, at most {@code max} (0: all). */
    public List<SyncedClient> syncedClients(int max) {
        return web.syncedClients(max);
    }

    /** The account's HTTP Digest HA1 (hex), when one was stored with its current password. */
    public Optional<String> httpDigestHa1(Account a) {
        return sql.one("http_digests.get", "SELECT ha1 FROM http_digests WHERE name = ? AND md5_digest = ?",
                rs -> rs.getString(1), a.name(), a.md5Digest());
    }

    /** Stores the HA1 of this account's current password (see schema/97-http_digests.sql). */
    public void saveHttpDigestHa1(Account a, String ha1) {
        if (sql.update("http_digests.update", "UPDATE http_digests SET ha1 = ?, md5_digest = ? WHERE name = ?",
                ha1, a.md5Digest(), a.name()) == 0) {
            sql.update("http_digests.insert", "INSERT INTO http_digests (name, ha1, md5_digest) VALUES (?, ?, ?)",
                    a.name(), ha1, a.md5Digest());
        }
    }

    /** Whether a change was logged in this transaction (the store tells its listeners after commit). */
    boolean changed() {
        return changed;
    }

    // --- rows

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4), rs.getInt(5) != 0);
    }

    static Message message(ResultSet rs) throws SQLException {
        String longText = rs.getString(8);
        return new Message(new MessageId(rs.getString(1)), rs.getLong(2), longText != null ? longText : rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7));
    }

    private static Tombstone tombstone(ResultSet rs) throws SQLException {
        return new Tombstone(new MessageId(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                rs.getString(4));
    }

    static void fit(String what, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(what + " is " + value.length()
                    + " characters; the store keeps at most " + max);
        }
    }

    private static String clip(String s) {
        return s.length() <= Store.MAX_FIELD_CHARS ? s : s.substring(0, Store.MAX_FIELD_CHARS);
    }

    // --- v2 bridge: aliases (see sql/schema/90-v2_aliases.sql)

    /** Records that a v2 line of message {@code guid} parses back into {@code alias}; once. */
    public void putV2Alias(MessageId alias, MessageId guid) {
        if (!sql.exists("v2_aliases.exists", "SELECT 1 FROM v2_aliases WHERE alias = ?", alias.value())) {
            sql.update("v2_aliases.insert", "INSERT INTO v2_aliases (alias, guid) VALUES (?, ?)",
                    alias.value(), guid.value());
        }
    }

    /** The message whose v2 line parses back into {@code alias}, stored or purged. */
    public Optional<MessageId> v2AliasTarget(MessageId alias) {
        return sql.one("v2_aliases.byAlias", "SELECT guid FROM v2_aliases WHERE alias = ?",
                rs -> new MessageId(rs.getString(1)), alias.value());
    }

    // --- client role of node-to-node sync: keyset reads over messages_seq (a slow sync's pages)

    /**
     * Hands every message this account may see, with the seq of its ADD, oldest first (seq order,
     * the messages_seq index), to {@code sink} one row at a time: a peer slow sync in the client
     * role notes each message compactly without holding the chat (as {@link #visible} would).
     */
    public void eachVisibleBySeq(String account, java.util.function.Consumer<SequencedMessage> sink) {
        Set<String> hidden = hiddenGuids(sql, account);
        sql.each("messages.visibleBySeq", "SELECT " + MESSAGE_COLUMNS + ", seq FROM messages ORDER BY seq", rs -> {
            if (!hidden.contains(rs.getString(1))) {
                sink.accept(new SequencedMessage(rs.getLong(9), message(rs)));
            }
            return null;
        });
    }

    /** The GUIDs {@code account} has hidden (hide marks are per account and few: read whole). */
    static Set<String> hiddenGuids(Sql sql, String account) {
        return new HashSet<>(sql.list("hidden.byAccount", 0, "SELECT guid FROM hidden WHERE account = ?",
                rs -> rs.getString(1), account));
    }

    /** The stored messages whose ADD seq is within [{@code from}, {@code to}], in seq order (hidden ones too). */
    public List<SequencedMessage> messagesInSeqRange(long from, long to) {
        return sql.list("messages.inSeqRange", 0, "SELECT " + MESSAGE_COLUMNS + ", seq FROM messages"
                + " WHERE seq >= ? AND seq <= ? ORDER BY seq", rs -> new SequencedMessage(rs.getLong(9), message(rs)),
                from, to);
    }
}
