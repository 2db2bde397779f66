-- Per peer node we sync with as a SyncML client (serve --peer URL): what must survive a restart
-- besides the anchors (sync_state) and the set of messages the peer holds (luid_map), which use
-- the key of store.ClientKey.forPeer.
CREATE TABLE peer_links (
    peer       VARCHAR(255) NOT NULL PRIMARY KEY, -- ClientKey.forPeer(url).device(): the URL, or a hash of a long one
    url        VARCHAR(2048) NOT NULL,            -- the peer's SyncML URL as configured
    next_nonce VARCHAR(255)                       -- base64 NextNonce the peer gave us for our next MD5 credential; NULL before the first
);
