-- Settlements whose invoice took their money back (a reorg before finality): a completion booked after that books
-- nothing, since the money it would move is gone.
CREATE TABLE query.ledger_reversed_settlements (
    settlement_id VARCHAR(80) PRIMARY KEY,
    reversed_at   TIMESTAMPTZ NOT NULL
);
