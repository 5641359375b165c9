-- The payments of each invoice, at their last milestone.
CREATE TABLE query.payments (
    payment_id             VARCHAR(200) PRIMARY KEY,
    invoice_id             VARCHAR(80)  NOT NULL,
    merchant_id            VARCHAR(80)  NOT NULL,
    status                 VARCHAR(16)  NOT NULL,
    amount_base_units      BIGINT       NOT NULL,
    asset                  VARCHAR(16)  NOT NULL,
    tx_hash                VARCHAR(130) NOT NULL,
    confirmations          INT          NOT NULL,
    required_confirmations INT          NOT NULL,
    detected_at            TIMESTAMPTZ  NOT NULL,
    confirmed_at           TIMESTAMPTZ,
    updated_at             TIMESTAMPTZ  NOT NULL
);
CREATE INDEX payments_invoice_idx ON query.payments (invoice_id, detected_at);
