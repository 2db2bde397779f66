-- Per client: the client's local ids (LUIDs) for our GUIDs, from SyncML Map commands.
-- One row per LUID and one per GUID.
CREATE TABLE luid_map (
    client_id INT          NOT NULL, -- client_ids.id of (account, device, datastore)
    luid      VARCHAR(255) NOT NULL, -- the client's id for the item
    guid      VARCHAR(64)  NOT NULL, -- our id (may name a purged message: the client still needs its Delete)
    PRIMARY KEY (client_id, luid)
);
CREATE UNIQUE INDEX luid_map_guid ON luid_map (client_id, guid);
