-- Version 6: node-to-node sync. An account can be another node of the zone (user add --peer);
-- the peer_links table (schema/95-peer_links.sql) is created by the schema files.
ALTER TABLE accounts ADD COLUMN is_peer SMALLINT DEFAULT 0 NOT NULL;
-- When each client's last session completed: a meshchat-full client away longer than the
-- tombstone retention gets a slow sync. NULL for sessions before this version (not counted as away).
ALTER TABLE sync_state ADD COLUMN synced_at BIGINT;
