-- Money refunded to a merchant's customers on chain: the merchant's share and the platform's fee given back.
ALTER TABLE query.ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE query.ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check
    CHECK (kind IN ('CUSTOMER_CLEARING', 'MERCHANT_PENDING', 'MERCHANT_AVAILABLE', 'MERCHANT_FINAL',
                    'MERCHANT_UNAPPLIED', 'MERCHANT_PAID_OUT', 'MERCHANT_REFUNDED', 'PLATFORM_FEE_REVENUE'));
