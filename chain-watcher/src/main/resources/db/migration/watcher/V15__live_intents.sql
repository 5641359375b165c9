-- Live payouts, refund attempts and sweeps whose transaction is not signed yet: kept in the transaction of the event
-- that asks for it, signed by the live sender's follower once the node answers (a node that does not answer never
-- holds the events up), and removed in the transaction that keeps the signed one (watcher.live_transfers).
CREATE TABLE watcher.live_intents (
    intent_key    text PRIMARY KEY,        -- po_…/1, rf_…/<attempt>, sw_…/1
    kind          text        NOT NULL,    -- payout | refund | sweep
    chain         text        NOT NULL,
    source        text,                    -- a sweep's deposit address; null: the hot wallet
    destination   text,                    -- where it pays; null for a sweep (the hot wallet)
    asset         text        NOT NULL,
    amount        bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    last_error    text,
    failing_since timestamptz
);
