-- Read models of the dashboard, payment page and reports (docs/query-side.md). Each is written by its own processing
-- group, which clears its tables on reset; every value comes from the events (never now()), so a rebuild from the
-- event store yields identical rows.

-- merchant-dashboard: one row per merchant and asset. Settled amounts are counted once per settlement.
CREATE TABLE query.merchant_dashboard (
    merchant_id      VARCHAR(80) NOT NULL,
    asset            VARCHAR(16) NOT NULL,
    gross_base_units BIGINT      NOT NULL DEFAULT 0,
    fee_base_units   BIGINT      NOT NULL DEFAULT 0,
    net_base_units   BIGINT      NOT NULL DEFAULT 0,
    settlements      INT         NOT NULL DEFAULT 0,
    invoices_total   INT         NOT NULL DEFAULT 0,
    -- Invoices that were ever paid (PAID, OVERPAID, PAID_LATE and what follows them): the conversion numerator.
    invoices_paid    INT         NOT NULL DEFAULT 0,
    last_payment_at  TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (merchant_id, asset),
    CONSTRAINT merchant_dashboard_split_check CHECK (gross_base_units = fee_base_units + net_base_units)
);

CREATE TABLE query.merchant_dashboard_status_counts (
    merchant_id VARCHAR(80) NOT NULL,
    asset       VARCHAR(16) NOT NULL,
    status      VARCHAR(32) NOT NULL,
    invoices    INT         NOT NULL,
    PRIMARY KEY (merchant_id, asset, status),
    CONSTRAINT merchant_dashboard_status_counts_not_negative CHECK (invoices >= 0)
);

-- The dashboard's own memory of each invoice: its status (to move counts) and whether it was counted as paid or
-- settled already (so a repeated event counts nothing twice).
CREATE TABLE query.merchant_dashboard_invoices (
    invoice_id    VARCHAR(80) PRIMARY KEY,
    merchant_id   VARCHAR(80) NOT NULL,
    asset         VARCHAR(16) NOT NULL,
    status        VARCHAR(32) NOT NULL,
    paid          BOOLEAN     NOT NULL DEFAULT FALSE,
    settlement_id VARCHAR(80)
);

-- invoice-summary: the customer's view of an invoice. No fee data: the customer never sees a fee
-- (docs/query-side.md); the merchant's order id and metadata stay out too.
CREATE TABLE query.invoice_summary (
    invoice_id             VARCHAR(80)  PRIMARY KEY,
    status                 VARCHAR(32)  NOT NULL,
    amount_base_units      BIGINT       NOT NULL,
    asset                  VARCHAR(16)  NOT NULL,
    chain                  VARCHAR(16)  NOT NULL,
    deposit_address        VARCHAR(64)  NOT NULL,
    description            TEXT,
    paid_base_units        BIGINT       NOT NULL DEFAULT 0,
    -- The confirmations of the payment in progress (the last detected one) and the invoice's requirement.
    confirmations          INT          NOT NULL DEFAULT 0,
    required_confirmations INT          NOT NULL,
    payment_id             VARCHAR(200),
    created_at             TIMESTAMPTZ  NOT NULL,
    expires_at             TIMESTAMPTZ  NOT NULL,
    updated_at             TIMESTAMPTZ  NOT NULL
);

-- daily-settlement-metrics: per merchant, asset and UTC date of the settlement's creation.
CREATE TABLE query.daily_settlement_metrics (
    merchant_id      VARCHAR(80) NOT NULL,
    day              DATE        NOT NULL,
    asset            VARCHAR(16) NOT NULL,
    gross_base_units BIGINT      NOT NULL,
    fee_base_units   BIGINT      NOT NULL,
    net_base_units   BIGINT      NOT NULL,
    settlements      INT         NOT NULL,
    PRIMARY KEY (merchant_id, day, asset),
    CONSTRAINT daily_settlement_metrics_split_check CHECK (gross_base_units = fee_base_units + net_base_units)
);

CREATE TABLE query.daily_settlement_metrics_counted (
    settlement_id VARCHAR(80) PRIMARY KEY
);

-- payment-confirmation-stats: one sample per payment (dated by its first detection, UTC), and the statistics of
-- each date and chain recomputed from the samples whenever one of them changes.
CREATE TABLE query.payment_confirmation_samples (
    payment_id      VARCHAR(200) PRIMARY KEY,
    chain           VARCHAR(16)  NOT NULL,
    day             DATE         NOT NULL,
    detected_at     TIMESTAMPTZ  NOT NULL,
    confirmed_at    TIMESTAMPTZ,
    confirmation_ms BIGINT,
    failed          BOOLEAN      NOT NULL DEFAULT FALSE,
    orphaned        BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX payment_confirmation_samples_day_idx ON query.payment_confirmation_samples (day, chain);

CREATE TABLE query.payment_confirmation_stats (
    day                 DATE        NOT NULL,
    chain               VARCHAR(16) NOT NULL,
    payments            INT         NOT NULL,
    confirmed           INT         NOT NULL,
    failed              INT         NOT NULL,
    orphaned            INT         NOT NULL,
    avg_confirmation_ms BIGINT,
    p95_confirmation_ms BIGINT,
    PRIMARY KEY (day, chain)
);
