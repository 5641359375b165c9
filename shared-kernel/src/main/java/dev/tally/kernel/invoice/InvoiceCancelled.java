package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record InvoiceCancelled(InvoiceId invoiceId, MerchantId merchantId, Instant cancelledAt) {
}
