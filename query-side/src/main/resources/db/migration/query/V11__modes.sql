-- Live and test modes (docs/modes.md): an invoice's mode decides which API keys see it. Rows written before modes
-- are live.
ALTER TABLE query.invoices ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
DROP INDEX query.invoices_merchant_created_idx;
DROP INDEX query.invoices_merchant_status_idx;
CREATE INDEX invoices_merchant_created_idx ON query.invoices (merchant_id, mode, created_at DESC, invoice_id DESC);
CREATE INDEX invoices_merchant_status_idx
    ON query.invoices (merchant_id, mode, status, created_at DESC, invoice_id DESC);
