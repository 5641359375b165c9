-- Transfers to watched deposit addresses that were recorded but never reported (never credited): zero-value
-- transferFrom spam and amounts below tally.chains.dust-threshold. One row per transfer (chain, tx, log index); a
-- re-scan writes nothing new, a reorg that moves the transfer updates its block.
CREATE TABLE watcher.ignored_transfer (
    chain          text        NOT NULL,
    tx_hash        text        NOT NULL,
    log_index      integer     NOT NULL,
    token_contract text        NOT NULL,
    from_address   text,
    to_address     text        NOT NULL,
    asset          text        NOT NULL,
    amount         bigint      NOT NULL CHECK (amount >= 0), -- base units
    reason         text        NOT NULL CHECK (reason IN ('ZERO_VALUE', 'BELOW_DUST_THRESHOLD')),
    block_number   bigint      NOT NULL,
    block_hash     text        NOT NULL,
    block_time     timestamptz,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (chain, tx_hash, log_index)
);
CREATE INDEX ignored_transfer_by_recipient ON watcher.ignored_transfer (chain, to_address);
