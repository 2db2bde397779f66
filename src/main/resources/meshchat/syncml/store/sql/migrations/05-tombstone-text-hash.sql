-- Version 5: a tombstone keeps the SHA-256 of the purged text, so a slow-syncing client that
-- still holds the message under its own id is told to delete it instead of posting it again.
-- Older tombstones stay NULL: their text is gone (no table keeps it), they guard by GUID only.
ALTER TABLE tombstones ADD COLUMN text_hash CHAR(64);
CREATE INDEX tombstones_text_hash ON tombstones (text_hash);
