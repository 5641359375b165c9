-- What a merchant is charged towards a payout's network fee, on top of its amount (0: the platform bears it).
ALTER TABLE query.payouts ADD COLUMN network_fee_charged_base_units bigint NOT NULL DEFAULT 0;

-- The network fees charged to merchants with their payouts: what the platform recovers of the fees it pays.
ALTER TABLE query.ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE query.ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check
    CHECK (kind IN ('CUSTOMER_CLEARING', 'MERCHANT_PENDING', 'MERCHANT_AVAILABLE', 'MERCHANT_FINAL',
                    'MERCHANT_UNAPPLIED', 'MERCHANT_PAID_OUT', 'MERCHANT_REFUNDED', 'PLATFORM_FEE_REVENUE',
                    'PLATFORM_NETWORK_FEES_CHARGED'));
ALTER TABLE query.ledger_accounts DROP CONSTRAINT ledger_accounts_owner_check;
ALTER TABLE query.ledger_accounts ADD CONSTRAINT ledger_accounts_owner_check
    CHECK ((merchant_id IS NULL) = (kind IN ('CUSTOMER_CLEARING', 'PLATFORM_FEE_REVENUE',
                                             'PLATFORM_NETWORK_FEES_CHARGED')));
