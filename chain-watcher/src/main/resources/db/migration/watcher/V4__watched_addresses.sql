-- The deposit addresses the scanners watch, written by the "watched-addresses" event processor from the invoice
-- events: an address is watched from InvoiceCreated until its invoice is cancelled or settled (closed_at), and no
-- longer than expires_at + the monitoring window. Scanners read it into memory (WatchedAddressCache).
CREATE TABLE watcher.watched_address (
    invoice_id    text        PRIMARY KEY,
    chain         text        NOT NULL,
    address       text        NOT NULL,
    -- the form transfers are compared in: lower case for EVM hex addresses, as written for Tron base58
    address_key   text        NOT NULL,
    expires_at    timestamptz NOT NULL,
    closed_at     timestamptz,
    closed_reason text CHECK (closed_reason IN ('CANCELLED', 'SETTLED')),
    -- when the row last changed (database clock): other processes refresh their memory from the changes
    changed_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX watched_address_by_address ON watcher.watched_address (chain, address_key);
CREATE INDEX watched_address_by_change ON watcher.watched_address (changed_at);
CREATE INDEX watched_address_by_expiry ON watcher.watched_address (expires_at);
