package dev.tally.kernel.payment;

import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sent by the confirmation saga when a payment stayed unresolved beyond {@code tally.payments.stuck-after}. */
public record EscalateStuckPayment(@TargetAggregateIdentifier PaymentId paymentId, Instant at) {
}
