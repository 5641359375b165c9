-- What the chain charged the hot wallet for a live payout's transaction, once mined (an exact decimal of its coin).
ALTER TABLE query.payouts ADD COLUMN network_fee_coin text;
ALTER TABLE query.payouts ADD COLUMN network_fee text;
