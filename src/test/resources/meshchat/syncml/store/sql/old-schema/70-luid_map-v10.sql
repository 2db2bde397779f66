-- luid_map as schema versions 1 to 10 made it (before migration 11): for tests that build an old database.
-- Per client: the client's local ids (LUIDs) for our GUIDs, from SyncML Map commands.
-- One row per LUID and one per GUID.
CREATE TABLE luid_map (
    account   VARCHAR(255) NOT NULL, -- as in sync_state
    device    VARCHAR(255) NOT NULL, -- as in sync_state
    datastore VARCHAR(255) NOT NULL, -- as in sync_state
    luid      VARCHAR(255) NOT NULL, -- the client's id for the item
    guid      VARCHAR(64)  NOT NULL, -- our id (may name a purged message: the client still needs its Delete)
    PRIMARY KEY (account, device, datastore, luid)
);
CREATE UNIQUE INDEX luid_map_guid ON luid_map (account, device, datastore, guid);
