package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The chain made a confirmed payment of the invoice final: no reorg can take it back. Idempotent per payment. */
public record RecordPaymentFinal(@TargetAggregateIdentifier InvoiceId invoiceId, PaymentId paymentId, Instant at) {
}
