-- The unapplied-funds report: each time confirmed money of a payment became the merchant's unapplied funds, with
-- why; reversed_at when a reorg took it away again. Written by the ledger's processor, with its transfers.
CREATE TABLE query.unapplied_funds (
    cause_event_id VARCHAR(255) PRIMARY KEY,
    payment_id     VARCHAR(200) NOT NULL,
    invoice_id     VARCHAR(80)  NOT NULL,
    merchant_id    VARCHAR(80)  NOT NULL,
    asset          VARCHAR(16)  NOT NULL,
    amount         BIGINT       NOT NULL CHECK (amount > 0),
    reason         VARCHAR(40)  NOT NULL,
    unapplied_at   TIMESTAMPTZ  NOT NULL,
    reversed_at    TIMESTAMPTZ
);
CREATE INDEX unapplied_funds_by_merchant ON query.unapplied_funds (merchant_id, unapplied_at);
