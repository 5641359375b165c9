-- Refunds as merchants and customers read them: each row the refund as its latest event left it.
CREATE TABLE query.refunds (
    refund_id   text        PRIMARY KEY,
    merchant_id text        NOT NULL,
    mode        text        NOT NULL CHECK (mode IN ('LIVE', 'TEST')),
    invoice_id  text        NOT NULL,
    claim_id    text        UNIQUE,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    view        jsonb       NOT NULL
);
CREATE INDEX refunds_merchant_created_idx ON query.refunds (merchant_id, mode, created_at DESC, refund_id DESC);
CREATE INDEX refunds_invoice_idx ON query.refunds (invoice_id);
