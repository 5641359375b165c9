-- A merchant's public integration events, in the order they were written: what the events API lists, what
-- webhooks deliver and what goes to Kafka. Written by one single-segment tracking processor from the event store,
-- so seq grows in commit order and a reader paging by seq never skips a row. Kept as long as the event store
-- (rebuildable from it). body is the exact JSON sent to receivers (text, not jsonb: the bytes are signed).
CREATE TABLE integration.events (
    seq          BIGSERIAL   PRIMARY KEY,
    event_id     TEXT        NOT NULL UNIQUE,
    merchant_id  TEXT        NOT NULL,
    invoice_id   TEXT,
    type         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    body         TEXT        NOT NULL
);

CREATE INDEX events_by_merchant ON integration.events (merchant_id, seq);
CREATE INDEX events_by_merchant_and_type ON integration.events (merchant_id, type, seq);
