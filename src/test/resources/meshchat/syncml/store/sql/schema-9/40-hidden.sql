-- Messages one account deleted on a SyncML device without being admin: hidden from that
-- account's devices only. Rows go when the message is purged.
CREATE TABLE hidden (
    account VARCHAR(255) NOT NULL, -- accounts.name
    guid    VARCHAR(64)  NOT NULL, -- messages.guid
    seq     BIGINT       NOT NULL, -- changes.seq of the HIDE
    PRIMARY KEY (account, guid)
);
