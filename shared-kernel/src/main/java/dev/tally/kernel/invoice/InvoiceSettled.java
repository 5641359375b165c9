package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record InvoiceSettled(InvoiceId invoiceId, MerchantId merchantId, SettlementId settlementId, Instant settledAt) {
}
