-- Version 10: newest-first ties are broken by seq (arrival order) instead of the 64-character
-- GUID, and the change log keeps no ADD rows (a message's ADD is its messages row, by seq): a
-- stored message costs one insert, and its newest-index entries grow at one edge of their second.
DROP INDEX messages_newest;
DROP INDEX messages_channel_newest;
CREATE INDEX messages_newest ON messages (epoch DESC, seq DESC);
CREATE INDEX messages_channel_newest ON messages (channel, epoch DESC, seq DESC);
-- changes.seq was an identity column; seqs now come from store.SeqCounter, which starts above
-- every stored seq (changes, messages, tombstones, hidden, sync_state). Purges and hides keep
-- theirs; an ADD row's seq is its message's messages.seq, or below its PURGE when purged.
CREATE TABLE changes_v10 (
    seq     BIGINT       NOT NULL PRIMARY KEY,
    kind    VARCHAR(8)   NOT NULL,
    guid    VARCHAR(64)  NOT NULL,
    account VARCHAR(255)
);
INSERT INTO changes_v10 (seq, kind, guid, account) SELECT seq, kind, guid, account FROM changes WHERE kind <> 'ADD';
DROP TABLE changes;
RENAME TABLE changes_v10 TO changes;
ALTER TABLE changes ADD CONSTRAINT changes_kind CHECK (kind IN ('PURGE', 'HIDE'));
