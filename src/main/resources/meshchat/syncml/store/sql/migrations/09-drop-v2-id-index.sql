-- Version 9: messages_v2_id goes. A GUID begins with its v2 id and a '-', so the messages of one
-- v2 id are a range of the primary key (store.Tx.v2IdInUse, messagesByV2Id); the index cost a
-- B-tree insert per stored message (a slow sync of 100,000 stores 100,000).
DROP INDEX messages_v2_id;
