package dev.tally.kernel.refund;

import dev.tally.kernel.funds.FundsId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Reserves a refund's merchant share from the merchant's available balance. Answers {@link RefundReserved}, or
 * {@link RefundReservationRefused} when the balance does not cover it; either answer is for good, so the same command
 * again answers the same.
 */
public record ReserveRefund(@TargetAggregateIdentifier FundsId fundsId, InvoiceRefundRequested request) {
}
