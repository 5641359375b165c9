package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A payment to the invoice was detected (not yet confirmed). {@code paidAt} is the time of its block (when the watcher
 * saw it, for a transfer not yet in a block): lateness is judged by it. Idempotent per payment.
 */
public record RegisterInvoicePayment(@TargetAggregateIdentifier InvoiceId invoiceId, PaymentId paymentId,
                                     TokenAmount amount, Instant paidAt) {
}
