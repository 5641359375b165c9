-- Tron transactions have no nonce (kept as 0): only EVM transactions of one address must differ by nonce.
DROP INDEX watcher.live_transfers_nonce;
CREATE UNIQUE INDEX live_transfers_nonce ON watcher.live_transfers (chain, lower(from_address), nonce)
    WHERE chain <> 'tron';
