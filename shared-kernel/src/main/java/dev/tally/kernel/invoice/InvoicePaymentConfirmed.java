package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A confirmed payment now counts. {@code confirmedTotal} is the sum of all confirmed payments; {@code statusAfter}
 * is where the invoice stands: CONFIRMING (others pending), UNDERPAID, PAID, OVERPAID or PAID_LATE.
 */
@Revision("1")
public record InvoicePaymentConfirmed(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId,
                                      TokenAmount amount, TokenAmount confirmedTotal, InvoiceStatus statusAfter,
                                      Instant confirmedAt) {
}
