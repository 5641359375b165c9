-- Refunds go out on the sandbox chain like payouts: one row per transaction, keyed by the payout's id or by the
-- refund's id and attempt ("rf_…/2"); kind says which aggregate hears of its outcome.
ALTER TABLE watcher.sandbox_payouts ADD COLUMN kind text NOT NULL DEFAULT 'payout'
    CHECK (kind IN ('payout', 'refund'));
