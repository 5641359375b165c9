package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A detected payment failed or was orphaned; it no longer counts towards the invoice. */
@Revision("1")
public record InvoicePaymentWithdrawn(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId,
                                      TokenAmount amount, String reason, InvoiceStatus statusAfter, Instant at) {
}
