package meshchat.syncml.store;

import static meshchat.syncml.store.Tx.fit;

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

    Optional<MessageId> guidForLuid(ClientKey k, String luid) {
        return sql.one("luid_map.guid", "SELECT guid FROM luid_map WHERE " + KEY + " AND luid = ?",
                rs -> new MessageId(rs.getString(1)), k.account(), k.device(), k.datastore(), luid);
    }

    Optional<String> luidForGuid(ClientKey k, MessageId guid) {
        return sql.one("luid_map.luid", "SELECT luid FROM luid_map WHERE " + KEY + " AND guid = ?",
                rs -> rs.getString(1), k.account(), k.device(), k.datastore(), guid.value());
    }

    void putMap(ClientKey k, String luid, MessageId guid) {
        checkKey(k);
        fit("LUID", luid, Store.MAX_FIELD_CHARS);
        // Two deletes, not one with OR: Derby scans the whole table for "luid = ? OR guid = ?",
        // while each of these uses an index (the primary key, luid_map_guid).
        removeMapByLuid(k, luid);
        removeMapByGuid(k, guid);
        sql.update("luid_map.insert", "INSERT INTO luid_map (account, device, datastore, luid, guid)"
                + " VALUES (?, ?, ?, ?, ?)", k.account(), k.device(), k.datastore(), luid, guid.value());
    }

    /** Maps an unmapped LUID to a GUID no row names yet (a message just posted): one INSERT, no deletes. */
    void insertMap(ClientKey k, String luid, MessageId guid) {
        checkKey(k);
        fit("LUID", luid, Store.MAX_FIELD_CHARS);
        sql.update("luid_map.insert", "INSERT INTO luid_map (account, device, datastore, luid, guid)"
                + " VALUES (?, ?, ?, ?, ?)", k.account(), k.device(), k.datastore(), luid, guid.value());
    }

    void removeMapByLuid(ClientKey k, String luid) {
        sql.update("luid_map.deleteLuid", "DELETE FROM luid_map WHERE " + KEY + " AND luid = ?",
                k.account(), k.device(), k.datastore(), luid);
    }

    void removeMapByGuid(ClientKey k, MessageId guid) {
        sql.update("luid_map.deleteGuid", "DELETE FROM luid_map WHERE " + KEY + " AND guid = ?",
                k.account(), k.device(), k.datastore(), guid.value());
    }

    void clearMaps(ClientKey k) {
        sql.update("luid_map.clear", "DELETE FROM luid_map WHERE " + KEY,
                k.account(), k.device(), k.datastore());
    }

    int mapCount(ClientKey k) {
        return (int) sql.number("luid_map.count", "SELECT COUNT(*) FROM luid_map WHERE " + KEY,
                k.account(), k.device(), k.datastore());
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
