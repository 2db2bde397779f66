-- The change log: every add, purge and hide, numbered in commit order. A client's anchor maps
-- to the seq it has seen, so an incremental sync reads only rows after it (by primary key).
CREATE TABLE changes (
    seq     BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- monotonic; writes are serialized, so commits come in seq order (gaps possible after a rollback)
    kind    VARCHAR(8)   NOT NULL,                                -- ADD, PURGE or HIDE
    guid    VARCHAR(64)  NOT NULL,                                -- the message concerned
    account VARCHAR(255),                                         -- for HIDE: whose view; NULL otherwise
    CONSTRAINT changes_kind CHECK (kind IN ('ADD', 'PURGE', 'HIDE'))
);
