-- A transfer stuck unmined is replaced by one with the same nonce and higher fees (EVM): tx_hash and raw are then the
-- replacement's, replaced_hashes the transactions it replaced (any one of them may still be the one mined), and
-- replaced_at when the last replacement was signed.
ALTER TABLE watcher.live_transfers ADD COLUMN replaced_hashes text[] NOT NULL DEFAULT '{}';
ALTER TABLE watcher.live_transfers ADD COLUMN replaced_at timestamptz;
