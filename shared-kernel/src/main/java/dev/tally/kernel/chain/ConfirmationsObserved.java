package dev.tally.kernel.chain;

import dev.tally.kernel.ids.PaymentId;

import java.time.Instant;

/** The block holding the transfer has {@code confirmations} confirmations (1 = just included). */
public record ConfirmationsObserved(PaymentId paymentId, String blockHash, int confirmations, Instant observedAt)
        implements ChainObservation {
}
