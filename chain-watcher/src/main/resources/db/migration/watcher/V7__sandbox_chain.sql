-- The sandbox chain's blocks and mempool: kept across restarts, with the sandbox scanner's checkpoint, and one chain
-- for every node on the database. Transfers are JSON arrays (a block's are only ever read whole).
CREATE TABLE watcher.sandbox_blocks (
    number      bigint      PRIMARY KEY,
    hash        text        NOT NULL,
    parent_hash text        NOT NULL,
    block_time  timestamptz NOT NULL,
    transfers   jsonb       NOT NULL
);

-- Transfers submitted for the next block, in order.
CREATE TABLE watcher.sandbox_mempool (
    seq      bigserial PRIMARY KEY,
    transfer jsonb     NOT NULL
);

-- Who sent a sandbox transaction (a merchant id): only that merchant may reorganise it away.
CREATE TABLE watcher.sandbox_senders (
    tx_hash text PRIMARY KEY,
    sender  text NOT NULL
);
