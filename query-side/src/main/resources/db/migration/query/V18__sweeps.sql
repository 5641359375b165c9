-- Sweeps of deposit addresses to the hot wallets, as the operator reads them; each row copies its sweep's last event.
CREATE TABLE query.sweeps (
    sweep_id          text PRIMARY KEY,
    chain             text        NOT NULL,
    deposit_address   text        NOT NULL,
    asset             text        NOT NULL,
    amount_base_units bigint      NOT NULL,
    status            text        NOT NULL,
    tx_hash           text,
    block_number      bigint,
    network_fee_coin  text,
    network_fee       text,
    top_up_fee        text,
    failure_reason    text,
    requested_at      timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX sweeps_newest ON query.sweeps (requested_at DESC, sweep_id DESC);
