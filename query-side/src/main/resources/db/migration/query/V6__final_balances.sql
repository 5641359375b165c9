-- Settled nets whose payments are all final on chain: the payable part of a merchant's available money.
ALTER TABLE query.ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE query.ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check
    CHECK (kind IN ('CUSTOMER_CLEARING', 'MERCHANT_PENDING', 'MERCHANT_AVAILABLE', 'MERCHANT_FINAL',
                    'MERCHANT_UNAPPLIED', 'PLATFORM_FEE_REVENUE'));
