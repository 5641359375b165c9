-- Webhooks (Standard Webhooks): a merchant's endpoints and their signing secrets, the fan-out cursor over
-- integration.events, one delivery per (event, endpoint) and every attempt to send it.

CREATE TABLE integration.webhook_endpoints (
    id               TEXT        PRIMARY KEY,
    merchant_id      TEXT        NOT NULL,
    url              TEXT        NOT NULL,
    -- Space-separated wire names; empty = every event type.
    event_types      TEXT        NOT NULL DEFAULT '',
    enabled          BOOLEAN     NOT NULL,
    disabled_reason  TEXT,
    -- The endpoint receives only events after this integration.events seq: endpoints get no older events.
    from_seq         BIGINT      NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX webhook_endpoints_by_merchant ON integration.webhook_endpoints (merchant_id, created_at);

-- The signing secrets ('whsec_' + base64). Stored as they are, because signing needs them: protected by the
-- database's access control (and its encryption at rest where the deployment has it). Never logged, never in events.
CREATE TABLE integration.webhook_secrets (
    id           BIGSERIAL   PRIMARY KEY,
    endpoint_id  TEXT        NOT NULL REFERENCES integration.webhook_endpoints (id) ON DELETE CASCADE,
    secret       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    -- NULL: the current secret. Set on rotation: the old secret keeps signing until then.
    expires_at   TIMESTAMPTZ
);

CREATE INDEX webhook_secrets_by_endpoint ON integration.webhook_secrets (endpoint_id);

-- How far the fan-out has read integration.events. One row; its lock makes the fan-out one node at a time.
CREATE TABLE integration.webhook_cursor (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT  NOT NULL
);

INSERT INTO integration.webhook_cursor (id, last_seq) VALUES (1, 0);

CREATE TABLE integration.webhook_deliveries (
    seq                  BIGSERIAL   NOT NULL UNIQUE,
    id                   TEXT        PRIMARY KEY,
    endpoint_id          TEXT        NOT NULL REFERENCES integration.webhook_endpoints (id) ON DELETE CASCADE,
    merchant_id          TEXT        NOT NULL,
    -- The webhook-id header: the event's id, the same for every attempt and every redelivery.
    webhook_id           TEXT        NOT NULL,
    event_type           TEXT        NOT NULL,
    -- The body sent; NULL: the body of integration.events with event_id = webhook_id (not copied per endpoint).
    payload              TEXT,
    status               TEXT        NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts             INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at      TIMESTAMPTZ NOT NULL,
    -- A claim by a sender: until then no other sender takes it; a sender that died lets it lapse (re-sent).
    locked_until         TIMESTAMPTZ,
    -- Start of the retry window (the first attempt, or the last redelivery).
    retry_from           TIMESTAMPTZ,
    last_attempt_at      TIMESTAMPTZ,
    last_response_code   INTEGER,
    last_response_body   TEXT,
    last_error           TEXT,
    created_at           TIMESTAMPTZ NOT NULL,
    UNIQUE (endpoint_id, webhook_id)
);

CREATE INDEX webhook_deliveries_due ON integration.webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_by_endpoint ON integration.webhook_deliveries (endpoint_id, seq);

CREATE TABLE integration.webhook_attempts (
    id             BIGSERIAL   PRIMARY KEY,
    delivery_id    TEXT        NOT NULL REFERENCES integration.webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at   TIMESTAMPTZ NOT NULL,
    duration_ms    BIGINT      NOT NULL,
    response_code  INTEGER,
    -- At most 1 KiB of the receiver's answer.
    response_body  TEXT,
    error          TEXT,
    outcome        TEXT        NOT NULL
);

CREATE INDEX webhook_attempts_by_delivery ON integration.webhook_attempts (delivery_id, id);
