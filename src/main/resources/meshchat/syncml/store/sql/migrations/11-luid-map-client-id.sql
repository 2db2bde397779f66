-- Version 11: luid_map keyed by a client number (client_ids) instead of (account, device,
-- datastore): every map insert and probe compared up to four long strings per B-tree step.
-- Every map row is carried over. The new table is filled before its keys exist, so each index
-- is built once by a sort rather than by 100,000 inserts at random spots.
CREATE TABLE client_ids (
    id        INT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account   VARCHAR(255) NOT NULL,
    device    VARCHAR(255) NOT NULL,
    datastore VARCHAR(255) NOT NULL,
    CONSTRAINT client_ids_key UNIQUE (account, device, datastore)
);
INSERT INTO client_ids (account, device, datastore)
    SELECT DISTINCT account, device, datastore FROM luid_map;
CREATE TABLE luid_map_v11 (
    client_id INT          NOT NULL,
    luid      VARCHAR(255) NOT NULL,
    guid      VARCHAR(64)  NOT NULL
);
INSERT INTO luid_map_v11 (client_id, luid, guid)
    SELECT c.id, l.luid, l.guid FROM luid_map l JOIN client_ids c
        ON c.account = l.account AND c.device = l.device AND c.datastore = l.datastore;
DROP TABLE luid_map;
RENAME TABLE luid_map_v11 TO luid_map;
ALTER TABLE luid_map ADD PRIMARY KEY (client_id, luid);
CREATE UNIQUE INDEX luid_map_guid ON luid_map (client_id, guid);
