-- API keys get a name, and auditor keys (no merchant) join the same table: one lookup for every stored key.
ALTER TABLE command.api_keys
    ADD COLUMN name VARCHAR(100) NOT NULL DEFAULT 'Default key',
    ADD COLUMN role VARCHAR(16)  NOT NULL DEFAULT 'MERCHANT',
    ALTER COLUMN merchant_id DROP NOT NULL,
    ADD CONSTRAINT api_keys_merchant_role CHECK ((role = 'MERCHANT') = (merchant_id IS NOT NULL));
ALTER TABLE command.api_keys ALTER COLUMN name DROP DEFAULT;
ALTER TABLE command.api_keys ALTER COLUMN role DROP DEFAULT;

-- Lists are newest first per merchant (or per role for the admin), by keyset.
DROP INDEX command.api_keys_merchant_idx;
CREATE INDEX api_keys_merchant_idx ON command.api_keys (merchant_id, issued_at DESC, api_key_id DESC);
CREATE INDEX api_keys_role_idx ON command.api_keys (role, issued_at DESC, api_key_id DESC);
