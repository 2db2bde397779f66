-- The change log's purges and hides. An ADD has no row here: it is the messages row itself
-- (messages.seq), so storing a message costs one insert; a purge deletes the message and with it
-- its ADD, leaving the PURGE as that GUID's latest change. store.Tx merges both sources in seq
-- order. Seqs come from one counter for messages, tombstones and hidden marks (store.SeqCounter),
-- increasing in commit order (writes are serialized); gaps are possible. A client's anchor maps to
-- the seq it has seen, so an incremental sync reads only rows after it (by index).
CREATE TABLE changes (
    seq     BIGINT       NOT NULL PRIMARY KEY, -- from store.SeqCounter, as messages.seq
    kind    VARCHAR(8)   NOT NULL,             -- PURGE or HIDE
    guid    VARCHAR(64)  NOT NULL,             -- the message concerned
    account VARCHAR(255),                      -- for HIDE: whose view; NULL otherwise
    CONSTRAINT changes_kind CHECK (kind IN ('PURGE', 'HIDE'))
);
