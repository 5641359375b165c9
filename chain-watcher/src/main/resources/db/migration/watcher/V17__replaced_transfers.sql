-- A transfer stuck unmined is replaced by one with the same nonce and higher fees (EVM): tx_hash and raw are then the
-- replacement's, replaced_hashes the transactions it replaced (any one of them may still be the one mined), and
-- replaced_at when the last replacement was signed (or refused).
ALTER TABLE watcher.live_transfers ADD COLUMN replaced_hashes text[] NOT NULL DEFAULT '{}';
ALTER TABLE watcher.live_transfers ADD COLUMN replaced_at timestamptz;
-- When the node first took the current transaction: how long it has waited to be mined counts from then.
ALTER TABLE watcher.live_transfers ADD COLUMN broadcast_at timestamptz;
-- The signer's day (UTC) of the attempt's first signature: the allowance that holds its signatures, replacements
-- included.
ALTER TABLE watcher.live_transfers ADD COLUMN signed_on date;
