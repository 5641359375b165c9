-- The merchant's unapplied funds: confirmed money that pays no invoice, never revenue.
ALTER TABLE query.ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE query.ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check
    CHECK (kind IN ('CUSTOMER_CLEARING', 'MERCHANT_PENDING', 'MERCHANT_AVAILABLE', 'MERCHANT_UNAPPLIED',
                    'PLATFORM_FEE_REVENUE'));
