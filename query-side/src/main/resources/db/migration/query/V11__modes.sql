-- Live and test modes (docs/modes.md): an invoice's mode decides which API keys see it. Rows written before modes
-- are live.
ALTER TABLE query.invoices ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
DROP INDEX query.invoices_merchant_created_idx;
DROP INDEX query.invoices_merchant_status_idx;
CREATE INDEX invoices_merchant_created_idx ON query.invoices (merchant_id, mode, created_at DESC, invoice_id DESC);
CREATE INDEX invoices_merchant_status_idx
    ON query.invoices (merchant_id, mode, status, created_at DESC, invoice_id DESC);

-- A settlement has its invoice's mode.
ALTER TABLE query.settlements ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
DROP INDEX query.settlements_merchant_created_idx;
CREATE INDEX settlements_merchant_created_idx
    ON query.settlements (merchant_id, mode, created_at DESC, settlement_id DESC);

-- The ledger keeps live and test money in books of their own (a test account's id starts with "test:").
ALTER TABLE query.ledger_accounts ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
DROP INDEX query.ledger_accounts_owner_idx;
CREATE UNIQUE INDEX ledger_accounts_owner_idx ON query.ledger_accounts (mode, kind, asset, COALESCE(merchant_id, ''));
ALTER TABLE query.unapplied_funds ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));

-- Reports per mode.
ALTER TABLE query.daily_settlement_metrics
    ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
ALTER TABLE query.daily_settlement_metrics DROP CONSTRAINT daily_settlement_metrics_pkey;
ALTER TABLE query.daily_settlement_metrics ADD PRIMARY KEY (merchant_id, mode, day, asset);

ALTER TABLE query.payment_confirmation_samples
    ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
ALTER TABLE query.payment_confirmation_stats
    ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
ALTER TABLE query.payment_confirmation_stats DROP CONSTRAINT payment_confirmation_stats_pkey;
ALTER TABLE query.payment_confirmation_stats ADD PRIMARY KEY (merchant_id, mode, day, chain);

-- The dashboard per mode.
ALTER TABLE query.merchant_dashboard ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
ALTER TABLE query.merchant_dashboard DROP CONSTRAINT merchant_dashboard_pkey;
ALTER TABLE query.merchant_dashboard ADD PRIMARY KEY (merchant_id, mode, asset);
ALTER TABLE query.merchant_dashboard_status_counts
    ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
ALTER TABLE query.merchant_dashboard_status_counts DROP CONSTRAINT merchant_dashboard_status_counts_pkey;
ALTER TABLE query.merchant_dashboard_status_counts ADD PRIMARY KEY (merchant_id, mode, asset, status);
ALTER TABLE query.merchant_dashboard_invoices
    ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));

-- The customer's page says when an invoice is a test one.
ALTER TABLE query.invoice_summary ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));

-- Attention items per mode (a refusal without a mode of its own is live).
ALTER TABLE query.attention_items ADD COLUMN mode text NOT NULL DEFAULT 'LIVE' CHECK (mode IN ('LIVE', 'TEST'));
