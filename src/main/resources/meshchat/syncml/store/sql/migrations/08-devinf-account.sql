-- Version 8: the account that stored a device's DevInf. A DevInf decides the note format we send
-- and whether we send large objects; only the account that sent it may rely on it (another account
-- logging in with the same device id is asked for its own). Older rows have none: asked again.
ALTER TABLE devices ADD COLUMN devinf_account VARCHAR(255);
