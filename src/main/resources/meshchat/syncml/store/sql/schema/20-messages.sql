-- Visible chat messages. A purged message leaves this table for tombstones.
-- message_text is VARCHAR(32672), Derby's longest VARCHAR, not CLOB: rows stay inline on the
-- page, read with getString and no LOB locator, and the newest-first page of 500 stays cheap;
-- MeshChat messages are far shorter (API and v2 bodies are at most 64 KiB and 100 KiB). The rare longer text (a
-- large object from a SyncML client) goes whole into message_text_long, a CLOB that is NULL otherwise.
CREATE TABLE messages (
    guid         VARCHAR(64)    NOT NULL PRIMARY KEY, -- our identity <v2id>-<epoch>-<fp>, see chat.MessageId
    v2_id        CHAR(8)        NOT NULL,             -- first 8 characters of guid: the id v2 nodes see (not unique; found by the guid range, no index)
    epoch        BIGINT         NOT NULL,             -- Unix seconds when the message was posted
    message_text VARCHAR(32672) NOT NULL,             -- the text, LF line ends, never empty
    call_sign    VARCHAR(255)   NOT NULL,             -- author's call sign as sent
    node         VARCHAR(255)   NOT NULL,             -- node it was posted on
    platform     VARCHAR(255)   NOT NULL,             -- 'node' or 'pi', as v2 knows them
    channel      VARCHAR(255)   NOT NULL,             -- channel, '' for "Everything"
    seq          BIGINT         NOT NULL,             -- change seq of its ADD (the row itself is the ADD: see 50-changes.sql)
    origin       VARCHAR(255)   NOT NULL,             -- where we first got it: api:alice, syncml:alice/dev1, v2:http://x
    message_text_long CLOB                            -- the whole text when longer than 32672 characters, else NULL
);
-- Newest first, ties in arrival order (seq): a slow sync's memos share a few seconds, and a seq
-- tie-break puts each insert at the edge of its second instead of at a random spot by GUID.
CREATE INDEX messages_newest ON messages (epoch DESC, seq DESC);
CREATE INDEX messages_channel_newest ON messages (channel, epoch DESC, seq DESC);
CREATE INDEX messages_seq ON messages (seq); -- the ADDs of the change log, and the JSON API's paging
