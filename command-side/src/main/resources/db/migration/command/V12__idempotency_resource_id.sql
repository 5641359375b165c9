-- The id of what a keyed request creates is chosen when the key is claimed and kept with the claim: a retry that
-- takes over a claim whose request died (perhaps after its command committed) creates that same invoice or finds
-- it, never a second one.
ALTER TABLE command.idempotency_keys ADD COLUMN resource_id VARCHAR(80);
-- Which request holds the claim now: only it may store the answer or release the claim (a request that was slow,
-- not dead, cannot undo the claim of the one that took over).
ALTER TABLE command.idempotency_keys ADD COLUMN claim_token VARCHAR(40);
