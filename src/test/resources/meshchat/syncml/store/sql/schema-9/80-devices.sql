-- Per SyncML device: the MD5 auth nonce and the DevInf it sent us.
CREATE TABLE devices (
    device VARCHAR(255) NOT NULL PRIMARY KEY, -- SyncML device id
    nonce  VARCHAR(255),                      -- base64 NextNonce we last sent it; NULL before the first
    devinf CLOB,                              -- its DevInf as XML text; CLOB: DevInf size has no bound we control
    devinf_account VARCHAR(255)               -- the account that sent that DevInf (version 8); only it reads it
);
