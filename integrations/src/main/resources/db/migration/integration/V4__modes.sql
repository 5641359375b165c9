-- Live and test modes (docs/modes.md): every integration event has its invoice's mode, every webhook endpoint the
-- mode of the key that created it; an endpoint receives its own mode's events only, and the events API lists the
-- caller's mode only. Rows written before modes are live.
ALTER TABLE integration.events ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test'));
CREATE INDEX events_by_merchant_and_mode ON integration.events (merchant_id, mode, merchant_seq);
ALTER TABLE integration.webhook_endpoints
    ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test'));
