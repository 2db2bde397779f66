-- Version 3: keep the anchors of the session before the last, so a client whose final reply was
-- lost can continue incrementally instead of slow syncing.
ALTER TABLE sync_state ADD COLUMN prev_client_anchor VARCHAR(255);
ALTER TABLE sync_state ADD COLUMN prev_server_anchor VARCHAR(255);
ALTER TABLE sync_state ADD COLUMN prev_seen_seq BIGINT DEFAULT 0 NOT NULL;
