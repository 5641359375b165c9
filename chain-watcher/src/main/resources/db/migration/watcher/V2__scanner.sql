-- The block scanner's state, one row set per scanned chain (`chain` is the scanner's key: a chain code, or "sandbox").

-- The last block processed: scanning resumes at block_number + 1.
CREATE TABLE watcher.checkpoints (
    chain        text        PRIMARY KEY,
    block_number bigint      NOT NULL,
    block_hash   text        NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- The hashes of the last processed blocks (a bounded window): a parent-hash mismatch walks back through them to the
-- fork point.
CREATE TABLE watcher.recent_blocks (
    chain        text   NOT NULL,
    block_number bigint NOT NULL,
    block_hash   text   NOT NULL,
    PRIMARY KEY (chain, block_number)
);

-- Transfers reported as observed in a block still in the window: for confirmations and for orphaning on a reorg.
CREATE TABLE watcher.reported_transfers (
    payment_id   text        PRIMARY KEY,
    chain        text        NOT NULL,
    block_number bigint      NOT NULL,
    block_hash   text        NOT NULL,
    succeeded    boolean     NOT NULL,
    reported_at  timestamptz NOT NULL
);
CREATE INDEX reported_transfers_by_block ON watcher.reported_transfers (chain, block_number);
