-- A test-only migration: version 99 (above any shipped one) adds a free-text note to accounts.
ALTER TABLE accounts ADD COLUMN note VARCHAR(255); -- the operator's note about the account
