-- What refunds gave back of each entry of the unapplied-funds report: a refund's unapplied share, once the refund is
-- confirmed, spread over its invoice's standing entries oldest first. Written by the ledger's processor.
CREATE TABLE query.unapplied_fund_refunds (
    cause_event_id VARCHAR(255) NOT NULL REFERENCES query.unapplied_funds (cause_event_id) ON DELETE CASCADE,
    refund_id      VARCHAR(80)  NOT NULL,
    amount         BIGINT       NOT NULL CHECK (amount > 0),
    refunded_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (cause_event_id, refund_id)
);
CREATE INDEX unapplied_fund_refunds_by_refund ON query.unapplied_fund_refunds (refund_id);
CREATE INDEX unapplied_funds_by_invoice ON query.unapplied_funds (invoice_id);
