package dev.tally.kernel.payment;

import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The transfer's block has this many confirmations, and is {@code finalized} when the chain says so. Crossing no
 * milestone, it changes nothing.
 */
public record RecordConfirmations(@TargetAggregateIdentifier PaymentId paymentId, String blockHash, int confirmations,
                                  boolean finalized, Instant observedAt) {

    /** Confirmations without a finality verdict. */
    public RecordConfirmations(PaymentId paymentId, String blockHash, int confirmations, Instant observedAt) {
        this(paymentId, blockHash, confirmations, false, observedAt);
    }
}
