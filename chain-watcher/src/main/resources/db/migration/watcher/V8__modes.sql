-- Live and test modes (docs/modes.md): the real chains' scanners watch live invoices' addresses, the sandbox's
-- scanner test invoices' addresses. Rows written before modes are live.
ALTER TABLE watcher.watched_address ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test'));
