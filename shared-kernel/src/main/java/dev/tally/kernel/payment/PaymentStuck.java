package dev.tally.kernel.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** For the operator: the payment is still unresolved (not confirmed, not failed) long after it was detected. */
@Revision("1")
public record PaymentStuck(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, PaymentStatus status,
                           Instant detectedAt, Instant escalatedAt) {
}
