-- What a transfer to a deposit address needs to be matched to its invoice: the merchant, the invoice's required
-- confirmations, when it expires, and whether it was closed (cancelled) before any payment.
ALTER TABLE command.deposit_addresses
    ADD COLUMN merchant_id            VARCHAR(80),
    ADD COLUMN required_confirmations INT,
    ADD COLUMN expires_at             TIMESTAMPTZ,
    ADD COLUMN closed_at              TIMESTAMPTZ;
