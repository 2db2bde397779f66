-- Purged messages: kept so no path (v2 bridge, slow sync, re-joining peer) can bring one back.
-- A row is about 100 bytes; they are never removed today.
CREATE TABLE tombstones (
    guid      VARCHAR(64)  NOT NULL PRIMARY KEY, -- identity of the purged message
    v2_id     CHAR(8)      NOT NULL,             -- its v2 id, so v2 imports and fresh ids can be checked
    purged_at BIGINT       NOT NULL,             -- Unix milliseconds of the purge
    purged_by VARCHAR(255) NOT NULL,             -- account or operator who purged it, or the peer it came from
    seq       BIGINT       NOT NULL              -- changes.seq of the PURGE
);
CREATE INDEX tombstones_v2_id ON tombstones (v2_id);
