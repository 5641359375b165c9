package dev.tally.kernel.chain;

/**
 * The one entry point for what the chain watcher reports (over Kafka, or in-process in the launcher). Delivery is
 * at-least-once and may reorder; every observation is handled idempotently by payment id. Returns normally once the
 * observation is durably handled (a Kafka consumer commits its offset only then); throws if it must be redelivered.
 */
public interface ChainObservationPort {
    void accept(ChainObservation observation);
}
