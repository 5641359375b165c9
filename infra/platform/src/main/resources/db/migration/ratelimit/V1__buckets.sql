-- Token buckets of the rate limits (Bucket4j's PostgreSQL proxy manager): one row per bucket, its state serialized
-- by Bucket4j, and when it will have refilled completely (epoch ms), after which the row carries no information and
-- the periodic clean-up deletes it. Ids are "<tier>:<limit>:<key>", e.g. "key-reads:5000/3600000ms:key_3kT9…".
CREATE TABLE ratelimit.buckets (
    id          VARCHAR(255) PRIMARY KEY,
    state       BYTEA,
    expires_at  BIGINT
);
CREATE INDEX buckets_expires_at_idx ON ratelimit.buckets (expires_at);
