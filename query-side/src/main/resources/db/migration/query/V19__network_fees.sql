-- What the chains charged for Tally's own transactions (payouts, refunds, sweeps and their gas), booked in each
-- chain's coin, exact: every entry debits the platform's network-fee expense and credits the wallet that paid it.
CREATE TABLE query.network_fee_entries (
    entry_id       text PRIMARY KEY,          -- <payout, refund attempt or sweep>/<what it paid for>
    cause_kind     text           NOT NULL,   -- payout | refund | sweep | sweep-gas
    cause_id       text           NOT NULL,
    merchant_id    text,                      -- whose payout or refund; null for a sweep
    chain          text           NOT NULL,
    coin           text           NOT NULL,
    amount         numeric(60, 18) NOT NULL,
    debit_account  text           NOT NULL,
    credit_account text           NOT NULL,
    tx_hash        text,
    booked_at      timestamptz    NOT NULL
);
CREATE INDEX network_fee_entries_booked ON query.network_fee_entries (booked_at DESC, entry_id DESC);
