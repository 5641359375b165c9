package dev.tally.kernel.payment;

import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The transfer's block has this many confirmations. Crossing no milestone, it changes nothing. */
public record RecordConfirmations(@TargetAggregateIdentifier PaymentId paymentId, String blockHash, int confirmations,
                                  Instant observedAt) {
}
