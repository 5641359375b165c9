package dev.tally.kernel.chain;

import dev.tally.kernel.ids.PaymentId;

import java.time.Instant;

/** The transaction's receipt is not successful (reverted): the transfer moved nothing. */
public record TransferFailed(PaymentId paymentId, String reason, Instant observedAt) implements ChainObservation {
}
