package dev.tally.kernel.refund;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.RefundId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The refund will not be paid (refused, or cancelled): the invoice can refund its money again. */
public record ReleaseInvoiceRefund(@TargetAggregateIdentifier InvoiceId invoiceId, RefundId refundId, String reason,
                                   Instant at) {
}
