package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A payment the invoice counts is final on its chain. */
@Revision("1")
public record InvoicePaymentFinal(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId, Instant at) {
}
