-- Version 2: texts longer than 32672 characters (SyncML large objects) are kept whole in a CLOB.
ALTER TABLE messages ADD COLUMN message_text_long CLOB;
