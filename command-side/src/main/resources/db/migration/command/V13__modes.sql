-- Live and test modes (docs/modes.md). A deposit address belongs to its invoice's mode: live addresses derive from
-- the operator's xpub, test addresses from a development key. Rows written before modes are live.
ALTER TABLE command.deposit_addresses ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test'));

-- Test invoices take their derivation indices from sequences of their own, so the live wallet's indices stay
-- contiguous (wallets stop looking after a gap of unused addresses). They start past every index used so far: a
-- database from before modes derived its invoices from the same development key test invoices use now.
CREATE SEQUENCE command.deposit_address_index_tron_test MINVALUE 0 START WITH 0;
CREATE SEQUENCE command.deposit_address_index_ethereum_test MINVALUE 0 START WITH 0;
SELECT setval('command.deposit_address_index_tron_test',
              COALESCE((SELECT max(derivation_index) + 1 FROM command.deposit_addresses WHERE chain = 'tron'), 0),
              false);
SELECT setval('command.deposit_address_index_ethereum_test',
              COALESCE((SELECT max(derivation_index) + 1 FROM command.deposit_addresses WHERE chain = 'ethereum'), 0),
              false);

-- Idempotency keys are the merchant's per mode: a test request never answers for a live one with the same key.
ALTER TABLE command.idempotency_keys ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test'));
ALTER TABLE command.idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE command.idempotency_keys ADD PRIMARY KEY (merchant_id, mode, idempotency_key);
