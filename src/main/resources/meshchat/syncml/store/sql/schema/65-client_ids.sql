-- Per client (account, device, datastore, as in sync_state): the number its luid_map rows are
-- keyed by, so a map insert or probe compares one INT and a LUID or GUID, not three more long
-- strings. Made with the client's first map row (a first slow sync maps before any sync_state row
-- exists) and kept while its account exists: an id never changes once assigned.
CREATE TABLE client_ids (
    id        INT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account   VARCHAR(255) NOT NULL, -- as in sync_state
    device    VARCHAR(255) NOT NULL, -- as in sync_state
    datastore VARCHAR(255) NOT NULL, -- as in sync_state
    CONSTRAINT client_ids_key UNIQUE (account, device, datastore)
);
