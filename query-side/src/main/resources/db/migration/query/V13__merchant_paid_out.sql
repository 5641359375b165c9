-- Money paid out to a merchant on chain: its confirmed payouts, the other side of the merchant's final balance.
ALTER TABLE query.ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE query.ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check
    CHECK (kind IN ('CUSTOMER_CLEARING', 'MERCHANT_PENDING', 'MERCHANT_AVAILABLE', 'MERCHANT_FINAL',
                    'MERCHANT_UNAPPLIED', 'MERCHANT_PAID_OUT', 'PLATFORM_FEE_REVENUE'));
