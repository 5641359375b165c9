-- What the integration events of each invoice show (the full invoice with its payments and settlement), gathered
-- from several domain events. One row per processing group and invoice: the events-table writer and the Kafka
-- publisher each keep their own, written in the same transaction as their output and their tracking token, so
-- neither waits for the other. Rebuilt from the event store on a reset of the group.
CREATE TABLE integration.invoice_states (
    processing_group TEXT NOT NULL,
    invoice_id       TEXT NOT NULL,
    merchant_id      TEXT NOT NULL,
    state            TEXT NOT NULL,
    PRIMARY KEY (processing_group, invoice_id)
);
