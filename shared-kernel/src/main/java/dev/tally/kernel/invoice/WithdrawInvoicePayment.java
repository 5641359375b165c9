package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A detected payment failed or was orphaned before confirmation: take it out of the invoice's expected total. */
public record WithdrawInvoicePayment(@TargetAggregateIdentifier InvoiceId invoiceId, PaymentId paymentId, String reason,
                                     Instant at) {
}
