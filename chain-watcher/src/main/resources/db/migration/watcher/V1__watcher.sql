-- The chain watcher owns this schema; checkpoints and recent block hashes arrive with the block scanner.
COMMENT ON SCHEMA watcher IS 'Tally chain watcher: checkpoints, recent block hashes, observed transfers';
