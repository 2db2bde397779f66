-- HTTP Digest (RFC 7616, MD5) for the web pages and the JSON API: HA1 needs the password, which
-- we never keep, so it is stored when a password is set (user add) or seen (a good Basic login).
-- Valid only while accounts.md5_digest is the one it was made with: a password set by a path
-- that does not know HA1 leaves a stale row, which is then ignored, never a second password.
CREATE TABLE http_digests (
    name       VARCHAR(255) NOT NULL PRIMARY KEY, -- accounts.name
    ha1        CHAR(32)     NOT NULL,             -- hex md5(name ":" realm ":" password), realm "meshchat"
    md5_digest VARCHAR(64)  NOT NULL              -- accounts.md5_digest when ha1 was stored
);
