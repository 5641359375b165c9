-- payment-confirmation-stats per merchant: a merchant sees the statistics of its own payments only; the platform's
-- figures (admin) are computed from all samples when asked.
ALTER TABLE query.payment_confirmation_samples ADD COLUMN merchant_id VARCHAR(80);
UPDATE query.payment_confirmation_samples s SET merchant_id = p.merchant_id
FROM query.payments p WHERE p.payment_id = s.payment_id;
-- Every detected payment is in query.payments; a sample without one cannot be attributed to any merchant.
DELETE FROM query.payment_confirmation_samples WHERE merchant_id IS NULL;
ALTER TABLE query.payment_confirmation_samples ALTER COLUMN merchant_id SET NOT NULL;
CREATE INDEX payment_confirmation_samples_merchant_day_idx
    ON query.payment_confirmation_samples (merchant_id, day, chain);

DROP TABLE query.payment_confirmation_stats;
CREATE TABLE query.payment_confirmation_stats (
    merchant_id         VARCHAR(80) NOT NULL,
    day                 DATE        NOT NULL,
    chain               VARCHAR(16) NOT NULL,
    payments            INT         NOT NULL,
    confirmed           INT         NOT NULL,
    failed              INT         NOT NULL,
    orphaned            INT         NOT NULL,
    avg_confirmation_ms BIGINT,
    p95_confirmation_ms BIGINT,
    PRIMARY KEY (merchant_id, day, chain)
);
INSERT INTO query.payment_confirmation_stats
SELECT merchant_id, day, chain, COUNT(*), COUNT(confirmation_ms), COUNT(*) FILTER (WHERE failed),
       COUNT(*) FILTER (WHERE orphaned), ROUND(AVG(confirmation_ms))::BIGINT,
       PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY confirmation_ms)
FROM query.payment_confirmation_samples GROUP BY merchant_id, day, chain;
