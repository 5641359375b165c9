package dev.tally.kernel.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The transfer was reverted (receipt not successful): it moved nothing. Final. */
@Revision("1")
public record PaymentFailed(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                            String reason, Instant failedAt) {
}
