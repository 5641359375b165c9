package dev.tally.kernel.payment;

import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record RecordTransferOrphaned(@TargetAggregateIdentifier PaymentId paymentId, String blockHash,
                                     Instant observedAt) {
}
