-- The v2 bridge's memory of lossy lines. v2's escaping turns a TAB into a space and a typed
-- backslash-n into a newline, so the v2 line of such a message parses back into another GUID.
-- A row says "that GUID is this message", so the bridge never imports an echo of it from v2
-- nodes, not even after the message is purged. Rows are tiny and never removed.
-- A new table needs no migration: Schema creates any missing table in older databases too.
CREATE TABLE v2_aliases (
    alias VARCHAR(64) NOT NULL PRIMARY KEY, -- GUID of the message as a v2 node holds it (chat.MessageId)
    guid  VARCHAR(64) NOT NULL              -- GUID of our message (stored or tombstoned)
);
