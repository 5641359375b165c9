package dev.tally.kernel.chain;

import dev.tally.kernel.ids.PaymentId;

import java.time.Instant;

/**
 * What the chain watcher reports (over Kafka, keyed by payment id, or in-process in the launcher). Delivery is
 * at-least-once and may reorder; every consumer is idempotent by payment id.
 */
public sealed interface ChainObservation
        permits TransferObserved, ConfirmationsObserved, TransferFailed, TransferOrphaned {
    PaymentId paymentId();

    Instant observedAt();
}
