package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A confirmed payment was reversed by a reorg before finality: take its money back out of the invoice. */
public record ReverseInvoicePayment(@TargetAggregateIdentifier InvoiceId invoiceId, PaymentId paymentId,
                                    Instant at) {
}
