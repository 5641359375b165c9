-- A merchant's public integration events, in the order they were written: what the events API lists, what
-- webhooks deliver and what goes to Kafka. Written by one single-segment tracking processor from the event store,
-- so seq grows in commit order and a reader paging by seq never skips a row. Kept as long as the event store
-- (rebuildable from it). body is the exact JSON sent to receivers (text, not jsonb: the bytes are signed).
-- merchant_seq numbers each merchant's events 1, 2, 3, …: the events API pages by it, so a merchant's cursor says
-- nothing about other merchants' volume (seq, shared by all, would).
CREATE TABLE integration.events (
    seq          BIGSERIAL   PRIMARY KEY,
    event_id     TEXT        NOT NULL UNIQUE,
    merchant_id  TEXT        NOT NULL,
    merchant_seq BIGINT      NOT NULL,
    invoice_id   TEXT,
    type         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    body         TEXT        NOT NULL
);

CREATE UNIQUE INDEX events_by_merchant ON integration.events (merchant_id, merchant_seq);
CREATE INDEX events_by_merchant_and_type ON integration.events (merchant_id, type, merchant_seq);
