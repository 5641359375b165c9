package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The invoice reached its expiry unpaid; {@code expiredAt} is the invoice's expiry instant. */
@Revision("1")
public record InvoiceExpired(InvoiceId invoiceId, MerchantId merchantId, Instant expiredAt) {
}
