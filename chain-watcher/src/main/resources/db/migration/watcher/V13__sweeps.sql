-- Live deposit addresses on chains with a live sender, as sweeps see them: due once a payment to it is seen, until a
-- planning round finds all its money final; checked_at when a round last read its balance; open_sweep while a sweep
-- of it is on its way; sweeps, how many were requested (the next one's number).
CREATE TABLE watcher.sweep_addresses (
    invoice_id       text PRIMARY KEY,
    chain            text        NOT NULL,
    address          text        NOT NULL,
    derivation_index bigint      NOT NULL,
    due_since        timestamptz,
    checked_at       timestamptz,
    open_sweep       text,
    sweeps           integer     NOT NULL DEFAULT 0
);
CREATE INDEX sweep_addresses_due ON watcher.sweep_addresses (due_since) WHERE due_since IS NOT NULL;
CREATE INDEX sweep_addresses_open ON watcher.sweep_addresses (open_sweep) WHERE open_sweep IS NOT NULL;
