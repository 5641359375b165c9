-- The ledger (docs/query-side.md): a double-entry projection of every money movement, with two-phase transfers in the manner
-- of TigerBeetle. Balances are integer base units of the account's asset. Rebuilt from the event store on replay
-- (the projection clears both tables on reset); account and transfer ids are derived from the events, so a rebuild
-- yields identical rows.

CREATE TABLE query.ledger_accounts (
    id              VARCHAR(160) PRIMARY KEY,
    kind            VARCHAR(32)  NOT NULL,
    merchant_id     VARCHAR(80),
    asset           VARCHAR(16)  NOT NULL,
    debits_pending  BIGINT       NOT NULL DEFAULT 0,
    credits_pending BIGINT       NOT NULL DEFAULT 0,
    debits_posted   BIGINT       NOT NULL DEFAULT 0,
    credits_posted  BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT ledger_accounts_kind_check
        CHECK (kind IN ('CUSTOMER_CLEARING', 'MERCHANT_PENDING', 'MERCHANT_AVAILABLE', 'PLATFORM_FEE_REVENUE')),
    CONSTRAINT ledger_accounts_owner_check
        CHECK ((merchant_id IS NULL) = (kind IN ('CUSTOMER_CLEARING', 'PLATFORM_FEE_REVENUE'))),
    CONSTRAINT ledger_accounts_amounts_not_negative
        CHECK (debits_pending >= 0 AND credits_pending >= 0 AND debits_posted >= 0 AND credits_posted >= 0),
    -- The backstop of the projection's own check: no balance below zero on the account's normal side, counting
    -- pending amounts against it (TigerBeetle's debits_must_not_exceed_credits and the reverse).
    CONSTRAINT ledger_accounts_balance_not_negative
        CHECK (CASE WHEN kind = 'CUSTOMER_CLEARING'
                    THEN credits_pending + credits_posted <= debits_posted
                    ELSE debits_pending + debits_posted <= credits_posted END)
);
CREATE UNIQUE INDEX ledger_accounts_owner_idx ON query.ledger_accounts (kind, asset, COALESCE(merchant_id, ''));
CREATE INDEX ledger_accounts_merchant_idx ON query.ledger_accounts (merchant_id) WHERE merchant_id IS NOT NULL;

-- A PENDING transfer reserves its amount; a POSTED or VOIDED transfer with pending_id resolves it (at most once:
-- the unique index); a POSTED transfer without pending_id is a single-phase transfer. Rows are never updated.
CREATE TABLE query.ledger_transfers (
    id               VARCHAR(255) PRIMARY KEY,
    debit_account    VARCHAR(160) NOT NULL REFERENCES query.ledger_accounts (id),
    credit_account   VARCHAR(160) NOT NULL REFERENCES query.ledger_accounts (id),
    asset            VARCHAR(16)  NOT NULL,
    amount           BIGINT       NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    pending_id       VARCHAR(255) REFERENCES query.ledger_transfers (id),
    -- The payment or settlement whose money the transfer moves.
    source_id        VARCHAR(200) NOT NULL,
    cause_event_id   VARCHAR(100) NOT NULL,
    cause_event_type VARCHAR(100) NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    CONSTRAINT ledger_transfers_amount_positive CHECK (amount > 0),
    CONSTRAINT ledger_transfers_two_accounts CHECK (debit_account <> credit_account),
    CONSTRAINT ledger_transfers_status_check CHECK (status IN ('PENDING', 'POSTED', 'VOIDED')),
    CONSTRAINT ledger_transfers_resolution_check CHECK (status <> 'PENDING' OR pending_id IS NULL),
    CONSTRAINT ledger_transfers_void_resolves_check CHECK (status <> 'VOIDED' OR pending_id IS NOT NULL)
);
CREATE UNIQUE INDEX ledger_transfers_one_resolution_idx ON query.ledger_transfers (pending_id)
    WHERE pending_id IS NOT NULL;
CREATE INDEX ledger_transfers_source_idx ON query.ledger_transfers (source_id);

-- The merchant's settlement reports. Keyset paging runs on (merchant_id, created_at, settlement_id).
CREATE TABLE query.settlements (
    settlement_id    VARCHAR(80) PRIMARY KEY,
    invoice_id       VARCHAR(80) NOT NULL,
    merchant_id      VARCHAR(80) NOT NULL,
    asset            VARCHAR(16) NOT NULL,
    gross_base_units BIGINT      NOT NULL,
    fee_base_units   BIGINT      NOT NULL,
    net_base_units   BIGINT      NOT NULL,
    fee_basis_points INT         NOT NULL,
    fee_scale        INT         NOT NULL,
    status           VARCHAR(16) NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    completed_at     TIMESTAMPTZ,
    CONSTRAINT settlements_split_check CHECK (gross_base_units = fee_base_units + net_base_units)
);
CREATE INDEX settlements_merchant_created_idx ON query.settlements (merchant_id, created_at DESC, settlement_id DESC);
CREATE INDEX settlements_merchant_invoice_idx ON query.settlements (merchant_id, invoice_id);
