-- Tables the command side keeps beside the event store. Each is written in the same transaction as the events
-- that justify it (set-based rules, STYLE pattern 5), so they can never disagree with the event stream.

-- Active API keys by the SHA-256 of their secret (the secret itself is never stored).
CREATE TABLE command.api_keys (
    api_key_id   VARCHAR(80)  PRIMARY KEY,
    merchant_id  VARCHAR(80)  NOT NULL,
    prefix       VARCHAR(32)  NOT NULL,
    secret_hash  CHAR(64)     NOT NULL UNIQUE,
    scopes       TEXT         NOT NULL,
    issued_at    TIMESTAMPTZ  NOT NULL,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_keys_merchant_idx ON command.api_keys (merchant_id);

-- The account-level extended public key per chain when none is configured (development keys only).
CREATE TABLE command.chain_keys (
    chain        VARCHAR(16)  PRIMARY KEY,
    xpub         VARCHAR(200) NOT NULL,
    development  BOOLEAN      NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);

-- Deposit addresses: one derivation index per invoice from a per-chain sequence (never reused, also across
-- restarts and concurrent creation); the unique constraints are the last line of defence.
CREATE SEQUENCE command.deposit_address_index_tron MINVALUE 0 START WITH 0;
CREATE SEQUENCE command.deposit_address_index_ethereum MINVALUE 0 START WITH 0;
CREATE TABLE command.deposit_addresses (
    chain            VARCHAR(16)  NOT NULL,
    address          VARCHAR(64)  NOT NULL,
    derivation_index BIGINT       NOT NULL,
    invoice_id       VARCHAR(80)  NOT NULL UNIQUE,
    allocated_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (chain, address)
);

-- Idempotency keys (docs/architecture.md): unique per merchant; the request hash and the full response are kept 24 h.
CREATE TABLE command.idempotency_keys (
    merchant_id      VARCHAR(80)  NOT NULL,
    idempotency_key  VARCHAR(255) NOT NULL,
    request_hash     CHAR(64)     NOT NULL,
    response_status  INT,
    response_body    TEXT,
    claimed_at       TIMESTAMPTZ  NOT NULL,
    expires_at       TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (merchant_id, idempotency_key)
);
CREATE INDEX idempotency_keys_expiry_idx ON command.idempotency_keys (expires_at);
