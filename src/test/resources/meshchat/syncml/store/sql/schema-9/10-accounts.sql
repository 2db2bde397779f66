-- Users of the JSON API and of SyncML. The password itself is never stored.
CREATE TABLE accounts (
    name       VARCHAR(255) NOT NULL PRIMARY KEY, -- login name, case-sensitive, no ':'
    md5_digest VARCHAR(64)  NOT NULL,             -- base64(md5(name ":" password)): all that SyncML MD5 auth and HTTP Basic checks need
    is_admin   SMALLINT     NOT NULL,             -- 1: may purge messages zone-wide; 0: may only hide them for itself (SMALLINT: BOOLEAN is not portable)
    call_sign  VARCHAR(255) NOT NULL,             -- call sign put on messages this account posts without one
    is_peer    SMALLINT     DEFAULT 0 NOT NULL    -- 1: another node of the zone (user add --peer): relays any author's messages, purges zone-wide
);
