package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A payment to the invoice reached the required confirmations: it now counts. Idempotent per payment. */
public record ApplyConfirmedPayment(@TargetAggregateIdentifier InvoiceId invoiceId, PaymentId paymentId,
                                    TokenAmount amount, Instant confirmedAt) {
}
