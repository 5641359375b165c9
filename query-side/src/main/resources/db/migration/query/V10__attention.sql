-- needs-attention: work that waits for a person. A payment neither confirmed nor failed long after detection
-- (PaymentStuck) until it moves on; a saga's refused command (SagaCommandRefused) until its invoice reaches an end.
CREATE TABLE query.attention_items (
    item_id     VARCHAR(200)  PRIMARY KEY,
    merchant_id VARCHAR(80),
    kind        VARCHAR(32)   NOT NULL,
    invoice_id  VARCHAR(80),
    subject_id  VARCHAR(200)  NOT NULL,
    reason      VARCHAR(2000) NOT NULL,
    opened_at   TIMESTAMPTZ   NOT NULL,
    resolved_at TIMESTAMPTZ,
    CONSTRAINT attention_items_kind_check CHECK (kind IN ('PAYMENT_STUCK', 'COMMAND_REFUSED'))
);
CREATE INDEX attention_items_open_idx ON query.attention_items (merchant_id, opened_at) WHERE resolved_at IS NULL;
CREATE INDEX attention_items_invoice_idx ON query.attention_items (invoice_id) WHERE resolved_at IS NULL;
-- Invoices that reached an end (settled, cancelled, expired): a refusal recorded after its invoice ended is over at once.
CREATE TABLE query.attention_ended_invoices (
    invoice_id VARCHAR(80) PRIMARY KEY,
    ended_at   TIMESTAMPTZ NOT NULL
);
