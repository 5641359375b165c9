-- Live payouts' and refunds' transactions, signed by the signer and kept here before they are broadcast: the same
-- bytes are broadcast again until the chain holds them, and followed until final.
CREATE TABLE watcher.live_transfers (
    intent_key   text PRIMARY KEY,          -- po_… or rf_…/<attempt>
    kind         text        NOT NULL,      -- payout | refund
    chain        text        NOT NULL,
    from_address text        NOT NULL,
    nonce        bigint      NOT NULL,
    tx_hash      text        NOT NULL,
    raw          text        NOT NULL,
    broadcast    boolean     NOT NULL DEFAULT false,
    closed       boolean     NOT NULL DEFAULT false,
    signed_at    timestamptz NOT NULL
);
CREATE INDEX live_transfers_open ON watcher.live_transfers (signed_at) WHERE NOT closed;
CREATE UNIQUE INDEX live_transfers_nonce ON watcher.live_transfers (chain, lower(from_address), nonce);
