-- Per client (account, device, datastore): where its last completed session left off.
-- Written only when a session completes, so an interrupted one leaves the old anchors valid.
CREATE TABLE sync_state (
    account       VARCHAR(255) NOT NULL, -- accounts.name the device logged in as
    device        VARCHAR(255) NOT NULL, -- SyncML device id (LocURI of the Source in SyncHdr)
    datastore     VARCHAR(255) NOT NULL, -- datastore name the client synced, e.g. meshchat
    client_anchor VARCHAR(255),          -- the client's Next anchor of that session
    server_anchor VARCHAR(255),          -- our Next anchor of that session
    seen_seq      BIGINT       NOT NULL, -- changes.seq the client had when that session started
    prev_client_anchor VARCHAR(255),     -- the session before: accepted when our last reply was lost
    prev_server_anchor VARCHAR(255),     -- our anchor of the session before
    prev_seen_seq BIGINT DEFAULT 0 NOT NULL, -- seen_seq of the session before
    synced_at     BIGINT,                -- Unix milliseconds the last session completed (server role); NULL: before version 6, or never
    PRIMARY KEY (account, device, datastore)
);
