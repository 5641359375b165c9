package dev.tally.kernel.payment;

import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record RecordTransferFailed(@TargetAggregateIdentifier PaymentId paymentId, String reason, Instant observedAt) {
}
