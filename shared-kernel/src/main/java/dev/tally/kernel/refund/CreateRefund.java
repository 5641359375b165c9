package dev.tally.kernel.refund;

import dev.tally.kernel.ids.RefundId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the refund whose money its invoice holds and its merchant's balance reserved. */
public record CreateRefund(@TargetAggregateIdentifier RefundId refundId, InvoiceRefundRequested request) {
}
