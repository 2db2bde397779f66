package meshchat.syncml.store;

import static meshchat.syncml.store.Tx.fit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import meshchat.syncml.chat.MessageId;

/** The per-client and per-device statements behind {@link Tx}: anchors, LUID maps, nonces, DevInf. */
final class ClientState {

    private static final String KEY = "account = ? AND device = ? AND datastore = ?";

    private final Sql sql;

    ClientState(Sql sql) {
        this.sql = sql;
    }

    Optional<SyncState> syncState(ClientKey k) {
        return sql.one("sync_state.get", "SELECT client_anchor, server_anchor, seen_seq, prev_client_anchor,"
                + " prev_server_anchor, prev_seen_seq FROM sync_state WHERE " + KEY,
                rs -> new SyncState(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6)), k.account(), k.device(), k.datastore());
    }

    void saveSyncState(ClientKey k, SyncState s) {
        checkKey(k);
        fit("client anchor", s.clientAnchor(), Store.MAX_FIELD_CHARS);
        fit("server anchor", s.serverAnchor(), Store.MAX_FIELD_CHARS);
        fit("previous client anchor", s.prevClientAnchor(), Store.MAX_FIELD_CHARS);
        fit("previous server anchor", s.prevServerAnchor(), Store.MAX_FIELD_CHARS);
        if (sql.update("sync_state.update", "UPDATE sync_state SET client_anchor = ?, server_anchor = ?,"
                + " seen_seq = ?, prev_client_anchor = ?, prev_server_anchor = ?, prev_seen_seq = ? WHERE " + KEY,
                s.clientAnchor(), s.serverAnchor(), s.seenSeq(), s.prevClientAnchor(), s.prevServerAnchor(),
                s.prevSeenSeq(), k.account(), k.device(), k.datastore()) == 0) {
            sql.update("sync_state.insert", "INSERT INTO sync_state (account, device, datastore, client_anchor,"
                    + " server_anchor, seen_seq, prev_client_anchor, prev_server_anchor, prev_seen_seq)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", k.account(), k.device(), k.datastore(), s.clientAnchor(),
                    s.serverAnchor(), s.seenSeq(), s.prevClientAnchor(), s.prevServerAnchor(), s.prevSeenSeq());
        }
    }

    void deleteSyncState(ClientKey k) {
        sql.update("sync_state.delete", "DELETE FROM sync_state WHERE " + KEY,
                k.account(), k.device(), k.datastore());
    }

    /** {@link #idOf}'s answer for a client that has no id yet, so no map rows; never an identity value. */
    static final int NO_ID = -1;

    /**
     * This transaction's answers of {@link #idOf}, absent ones too. Per transaction, so a rolled-back
     * transaction that made an id takes it along. An absent id stays absent for the transaction: only
     * writes make ids, under the store's write lock, so a write transaction sees no other make one,
     * and a read transaction answers as if it ran before that write.
     */
    private final Map<ClientKey, Integer> ids = new HashMap<>();

    /** The client's luid_map key (client_ids.id), or {@link #NO_ID}: asked once per transaction. */
    int idOf(ClientKey k) {
        Integer id = ids.get(k);
        if (id == null) {
            id = sql.one("client_ids.get", "SELECT id FROM client_ids WHERE " + KEY, rs -> rs.getInt(1),
                    k.account(), k.device(), k.datastore()).orElse(NO_ID);
            ids.put(k, id);
        }
        return id;
    }

    /** As {@link #idOf}, making the id when the client has none (its first map row). */
    private int idFor(ClientKey k) {
        int id = idOf(k);
        if (id == NO_ID) {
            id = (int) sql.insertReturningKey("client_ids.insert", "INSERT INTO client_ids (account, device, datastore)"
                    + " VALUES (?, ?, ?)", k.account(), k.device(), k.datastore());
            ids.put(k, id);
        }
        return id;
    }

    Optional<MessageId> guidForLuid(ClientKey k, String luid) {
        int id = idOf(k);
        return id == NO_ID ? Optional.empty() : sql.one("luid_map.guid", "SELECT guid FROM luid_map"
                + " WHERE client_id = ? AND luid = ?", rs -> new MessageId(rs.getString(1)), id, luid);
    }

    /**
     * As {@link #guidForLuid} for each LUID, in a few statements ({@link MapProbe}): each answered
     * LUID maps to its GUID or to empty. Null, empty or over-long LUIDs ({@link Store#MAX_FIELD_CHARS})
     * are not asked and not in the answer.
     */
    Map<String, Optional<MessageId>> guidsForLuids(ClientKey k, java.util.Collection<String> luids) {
        return new MapProbe(sql).guids(idOf(k), luids);
    }

    Optional<String> luidForGuid(ClientKey k, MessageId guid) {
        int id = idOf(k);
        return id == NO_ID ? Optional.empty() : sql.one("luid_map.luid", "SELECT luid FROM luid_map"
                + " WHERE client_id = ? AND guid = ?", rs -> rs.getString(1), id, guid.value());
    }

    /** Whether the client with id {@code id} (from {@link #idOf}) has mapped {@code guid}. */
    boolean mapped(int id, String guid) {
        return id != NO_ID && sql.exists("luid_map.mappedGuid", "SELECT 1 FROM luid_map WHERE client_id = ? AND guid = ?",
                id, guid);
    }

    void putMap(ClientKey k, String luid, MessageId guid) {
        checkKey(k);
        fit("LUID", luid, Store.MAX_FIELD_CHARS);
        int id = idFor(k);
        // Two deletes, not one with OR: Derby scans the whole table for "luid = ? OR guid = ?",
        // while each of these uses an index (the primary key, luid_map_guid).
        sql.update("luid_map.deleteLuid", "DELETE FROM luid_map WHERE client_id = ? AND luid = ?", id, luid);
        sql.update("luid_map.deleteGuid", "DELETE FROM luid_map WHERE client_id = ? AND guid = ?", id, guid.value());
        insert(id, luid, guid);
    }

    /** Maps an unmapped LUID to a GUID no row names yet (a message just posted): one INSERT, no deletes. */
    void insertMap(ClientKey k, String luid, MessageId guid) {
        checkKey(k);
        fit("LUID", luid, Store.MAX_FIELD_CHARS);
        insert(idFor(k), luid, guid);
    }

    void insertMaps(ClientKey k, List<String> luids, List<MessageId> guids) {
        if (luids.size() != guids.size()) {
            throw new IllegalArgumentException(luids.size() + " LUIDs but " + guids.size() + " GUIDs");
        }
        checkKey(k);
        for (String luid : luids) {
            fit("LUID", luid, Store.MAX_FIELD_CHARS);
        }
        if (luids.isEmpty()) {
            return;
        }
        int id = idFor(k);
        List<Object[]> rows = new ArrayList<>(luids.size());
        for (int i = 0; i < luids.size(); i++) {
            rows.add(new Object[] {id, luids.get(i), guids.get(i).value()});
        }
        sql.insertRows("luid_map.insertRows", "INSERT INTO luid_map (client_id, luid, guid) VALUES ", 1, rows);
    }

    private void insert(int id, String luid, MessageId guid) {
        sql.update("luid_map.insert", "INSERT INTO luid_map (client_id, luid, guid) VALUES (?, ?, ?)",
                id, luid, guid.value());
    }

    void removeMapByLuid(ClientKey k, String luid) {
        int id = idOf(k);
        if (id != NO_ID) {
            sql.update("luid_map.deleteLuid", "DELETE FROM luid_map WHERE client_id = ? AND luid = ?", id, luid);
        }
    }

    void removeMapByGuid(ClientKey k, MessageId guid) {
        int id = idOf(k);
        if (id != NO_ID) {
            sql.update("luid_map.deleteGuid", "DELETE FROM luid_map WHERE client_id = ? AND guid = ?",
                    id, guid.value());
        }
    }

    /** Removes the client's map rows; its id stays (ids never change), ready for its next map. */
    void clearMaps(ClientKey k) {
        int id = idOf(k);
        if (id != NO_ID) {
            sql.update("luid_map.clear", "DELETE FROM luid_map WHERE client_id = ?", id);
        }
    }

    int mapCount(ClientKey k) {
        int id = idOf(k);
        return id == NO_ID ? 0 : (int) sql.number("luid_map.count", "SELECT COUNT(*) FROM luid_map WHERE client_id = ?", id);
    }

    /** Removes the map rows and the ids of every client of the account (the account is being deleted). */
    void deleteAccountMaps(String account) {
        for (int id : sql.list("client_ids.ofAccount", 0, "SELECT id FROM client_ids WHERE account = ?",
                rs -> rs.getInt(1), account)) {
            sql.update("luid_map.clear", "DELETE FROM luid_map WHERE client_id = ?", id);
        }
        sql.update("client_ids.deleteAccount", "DELETE FROM client_ids WHERE account = ?", account);
        ids.keySet().removeIf(k -> k.account().equals(account));
    }

    Optional<String> nonce(String device) {
        return sql.one("devices.nonce", "SELECT nonce FROM devices WHERE device = ?",
                rs -> rs.getString(1), device);
    }

    void saveNonce(String device, String nonceB64) {
        fit("device id", device, Store.MAX_FIELD_CHARS);
        fit("nonce", nonceB64, Store.MAX_FIELD_CHARS);
        if (sql.update("devices.updateNonce", "UPDATE devices SET nonce = ? WHERE device = ?",
                nonceB64, device) == 0) {
            sql.update("devices.insertNonce", "INSERT INTO devices (device, nonce) VALUES (?, ?)",
                    device, nonceB64);
        }
    }

    boolean replaceNonce(String device, String expected, String nonceB64) {
        fit("nonce", nonceB64, Store.MAX_FIELD_CHARS);
        return sql.update("devices.replaceNonce", "UPDATE devices SET nonce = ? WHERE device = ? AND nonce = ?",
                nonceB64, device, expected) == 1;
    }

    Optional<String> devInf(String device) {
        return sql.one("devices.devinf", "SELECT devinf FROM devices WHERE device = ?",
                rs -> rs.getString(1), device);
    }

    Optional<String> devInf(String device, String account) {
        return sql.one("devices.devinfOf", "SELECT devinf FROM devices WHERE device = ? AND devinf_account = ?",
                rs -> rs.getString(1), device, account);
    }

    void saveDevInf(String device, String account, String devInfXml) {
        fit("device id", device, Store.MAX_FIELD_CHARS);
        fit("account", account, Store.MAX_FIELD_CHARS);
        if (sql.update("devices.updateDevInf", "UPDATE devices SET devinf = ?, devinf_account = ? WHERE device = ?",
                devInfXml, account, device) == 0) {
            sql.update("devices.insertDevInf", "INSERT INTO devices (device, devinf, devinf_account) VALUES (?, ?, ?)",
                    device, devInfXml, account);
        }
    }

    private static void checkKey(ClientKey k) {
        fit("account", k.account(), Store.MAX_FIELD_CHARS);
        fit("device id", k.device(), Store.MAX_FIELD_CHARS);
        fit("datastore", k.datastore(), Store.MAX_FIELD_CHARS);
    }
}
