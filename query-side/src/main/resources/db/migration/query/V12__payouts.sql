-- Money out as merchants read it: payouts, payout addresses, and the balances money out decides against.
CREATE TABLE query.payouts (
    payout_id         text        PRIMARY KEY,
    merchant_id       text        NOT NULL,
    mode              text        NOT NULL CHECK (mode IN ('LIVE', 'TEST')),
    chain             text        NOT NULL,
    asset             text        NOT NULL,
    amount_base_units bigint      NOT NULL CHECK (amount_base_units > 0),
    destination       text        NOT NULL,
    status            text        NOT NULL,
    tx_hash           text,
    block_number      bigint,
    failure_reason    text,
    trigger           text        NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX payouts_merchant_created_idx ON query.payouts (merchant_id, mode, created_at DESC, payout_id DESC);

CREATE TABLE query.payout_addresses (
    merchant_id  text        NOT NULL,
    mode         text        NOT NULL CHECK (mode IN ('LIVE', 'TEST')),
    chain        text        NOT NULL,
    address      text        NOT NULL,
    previous     text,
    requested_at timestamptz NOT NULL,
    effective_at timestamptz NOT NULL,
    PRIMARY KEY (merchant_id, mode, chain)
);

-- When the available balance is paid out unasked: one schedule per merchant and mode.
CREATE TABLE query.payout_schedules (
    merchant_id  text        NOT NULL,
    mode         text        NOT NULL CHECK (mode IN ('LIVE', 'TEST')),
    chain        text        NOT NULL,
    kind         text        NOT NULL,
    amount       text,
    next_run_at  timestamptz,
    set_at       timestamptz NOT NULL,
    PRIMARY KEY (merchant_id, mode)
);

CREATE TABLE query.funds_balances (
    merchant_id          text        NOT NULL,
    mode                 text        NOT NULL CHECK (mode IN ('LIVE', 'TEST')),
    asset                text        NOT NULL,
    pending_base_units   bigint      NOT NULL CHECK (pending_base_units >= 0),
    available_base_units bigint      NOT NULL CHECK (available_base_units >= 0),
    reserved_base_units  bigint      NOT NULL CHECK (reserved_base_units >= 0),
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (merchant_id, mode, asset)
);
