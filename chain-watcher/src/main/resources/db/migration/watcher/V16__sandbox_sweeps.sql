-- Sweeps on the sandbox chain: test deposit addresses are swept like live ones, from the sandbox chain's balances.

-- A sweep address's mode: live addresses are swept on their real chain, test ones on the sandbox chain.
ALTER TABLE watcher.sweep_addresses ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test'));

-- What each address holds of the sandbox's USDT in the newest block: every block added adds its successful transfers,
-- every block replaced by a reorg takes its own back out. Final balances subtract the blocks not final yet.
CREATE TABLE watcher.sandbox_balances (
    chain      text    NOT NULL,
    address    text    NOT NULL,
    base_units numeric NOT NULL,
    PRIMARY KEY (chain, address)
);
INSERT INTO watcher.sandbox_balances (chain, address, base_units)
SELECT moved.chain, moved.address, sum(moved.delta)
FROM (SELECT t ->> 'chain' AS chain, t ->> 'to' AS address, (t ->> 'baseUnits')::numeric AS delta
      FROM watcher.sandbox_blocks b, jsonb_array_elements(b.transfers) t
      WHERE (t ->> 'succeeded')::boolean AND t ->> 'tokenContract' = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'
      UNION ALL
      SELECT t ->> 'chain', t ->> 'from', -(t ->> 'baseUnits')::numeric
      FROM watcher.sandbox_blocks b, jsonb_array_elements(b.transfers) t
      WHERE (t ->> 'succeeded')::boolean AND t ->> 'tokenContract' = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t') moved
GROUP BY moved.chain, moved.address;

-- A test sweep's transaction is kept and followed like a test payout's.
ALTER TABLE watcher.sandbox_payouts DROP CONSTRAINT sandbox_payouts_kind_check;
ALTER TABLE watcher.sandbox_payouts ADD CONSTRAINT sandbox_payouts_kind_check
    CHECK (kind IN ('payout', 'refund', 'sweep'));
