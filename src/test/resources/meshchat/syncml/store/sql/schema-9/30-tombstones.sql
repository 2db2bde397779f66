-- Purged messages: kept so no path (v2 bridge, slow sync, re-joining peer) can bring one back.
-- A row is about 170 bytes; they are never removed today. The text itself is not kept, only its hash.
CREATE TABLE tombstones (
    guid      VARCHAR(64)  NOT NULL PRIMARY KEY, -- identity of the purged message
    v2_id     CHAR(8)      NOT NULL,             -- its v2 id, so v2 imports and fresh ids can be checked
    purged_at BIGINT       NOT NULL,             -- Unix milliseconds of the purge
    purged_by VARCHAR(255) NOT NULL,             -- account or operator who purged it, or the peer it came from
    seq       BIGINT       NOT NULL,             -- changes.seq of the PURGE
    text_hash CHAR(64)                           -- hex SHA-256 of the purged text (store.Tombstone.textHash); NULL when the GUID was unknown at the purge or purged before version 5
);
CREATE INDEX tombstones_v2_id ON tombstones (v2_id);
CREATE INDEX tombstones_text_hash ON tombstones (text_hash); -- slow sync: is this client item a purged message?
