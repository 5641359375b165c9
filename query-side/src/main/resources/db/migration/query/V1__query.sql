-- Read models. Rebuilt from the event store on replay (each projection clears its table on reset).

CREATE TABLE query.merchants (
    merchant_id            VARCHAR(80)  PRIMARY KEY,
    name                   VARCHAR(200) NOT NULL,
    fee_basis_points       INT          NOT NULL,
    confirmations_override INT,
    webhook_url            VARCHAR(2048),
    registered_at          TIMESTAMPTZ  NOT NULL
);

-- The merchant's view of its invoices. Keyset paging runs on (merchant_id, created_at, invoice_id).
CREATE TABLE query.invoices (
    invoice_id             VARCHAR(80)  PRIMARY KEY,
    merchant_id            VARCHAR(80)  NOT NULL,
    status                 VARCHAR(32)  NOT NULL,
    amount_base_units      BIGINT       NOT NULL,
    asset                  VARCHAR(16)  NOT NULL,
    chain                  VARCHAR(16)  NOT NULL,
    deposit_address        VARCHAR(64)  NOT NULL,
    required_confirmations INT          NOT NULL,
    order_id               VARCHAR(128) NOT NULL,
    description            TEXT,
    metadata               JSONB        NOT NULL,
    created_at             TIMESTAMPTZ  NOT NULL,
    expires_at             TIMESTAMPTZ  NOT NULL,
    updated_at             TIMESTAMPTZ  NOT NULL
);
CREATE INDEX invoices_merchant_created_idx ON query.invoices (merchant_id, created_at DESC, invoice_id DESC);
CREATE INDEX invoices_merchant_status_idx ON query.invoices (merchant_id, status, created_at DESC, invoice_id DESC);
CREATE INDEX invoices_merchant_order_idx ON query.invoices (merchant_id, order_id);
