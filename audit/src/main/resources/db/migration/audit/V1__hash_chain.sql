-- The hash chain over eventstore.domain_event_entry (docs/audit.md). One link per stored event, in global index
-- order: digest = SHA-256(previous link's digest || the event's stored bytes). previous_index is the index the link
-- follows: a gap between the two (a rolled-back transaction's index) was skipped on purpose, and an event that
-- appears there later is reported by verification.
CREATE TABLE audit.hash_links (
    global_index   BIGINT      NOT NULL PRIMARY KEY,
    previous_index BIGINT      NOT NULL,
    digest         BYTEA       NOT NULL,
    linked_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Signed statements "the chain's head at index N had digest D at time T", for auditors to record and re-check.
CREATE TABLE audit.checkpoints (
    id           BIGSERIAL    NOT NULL PRIMARY KEY,
    global_index BIGINT       NOT NULL,
    digest       BYTEA        NOT NULL,
    signed_at    VARCHAR(64)  NOT NULL,
    public_key   BYTEA        NOT NULL,
    signature    BYTEA        NOT NULL
);
CREATE INDEX checkpoints_global_index_idx ON audit.checkpoints (global_index);
