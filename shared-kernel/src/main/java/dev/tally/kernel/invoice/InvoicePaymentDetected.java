package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A payment is on its way; {@code late} when it arrived after expiry, inside the monitoring window. */
@Revision("1")
public record InvoicePaymentDetected(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId,
                                     TokenAmount amount, boolean late, Instant detectedAt) {
}
