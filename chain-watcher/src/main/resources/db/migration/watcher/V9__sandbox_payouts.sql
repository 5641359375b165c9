-- Test payouts handed to the sandbox chain: the transaction is kept before it is queued, re-queued byte for byte
-- when a reorg drops it, and followed until its block is final.
CREATE TABLE watcher.sandbox_payouts (
    payout_id   text        PRIMARY KEY,
    merchant_id text        NOT NULL,
    transfer    jsonb       NOT NULL,
    sent_at     timestamptz NOT NULL,
    closed      boolean     NOT NULL DEFAULT false
);
CREATE INDEX sandbox_payouts_open_idx ON watcher.sandbox_payouts (sent_at) WHERE NOT closed;
