-- Which schema version this database holds. Version 1 is the shape of schema/*.sql as first
-- released; each later version is produced by migrations/NN-name.sql (NN = that version).
CREATE TABLE schema_version (
    version    INTEGER NOT NULL PRIMARY KEY, -- a version this database reached; the highest is current
    applied_at BIGINT  NOT NULL              -- Unix milliseconds when it was reached
);
